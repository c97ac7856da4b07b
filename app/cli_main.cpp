// poolscope-cli: pooling and convolution of feature maps from the command line.
#include <iostream>

#include "app/cli/run_cli.h"

int main(int argc, char** argv)
{
    return poolscope::cli::run_cli(argc, argv, std::cout, std::cerr);
}
