// Standard headers that start with q are not Qt.
#include <queue>
#include "core/quantize.h"
