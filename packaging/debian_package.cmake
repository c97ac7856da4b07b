# The .deb that scripts/package builds: `cpack -G DEB` in a release build tree.
set(CPACK_PACKAGE_NAME poolscope)
set(CPACK_PACKAGE_VENDOR "The PoolScope developers")
set(CPACK_PACKAGE_CONTACT "The PoolScope developers <poolscope@users.noreply.github.com>")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://poolscope.github.io/")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "interactive visualizer of pooling in convolutional networks")
set(CPACK_PACKAGE_DESCRIPTION
    "PoolScope shows what pooling does inside a convolutional network: an image runs
through a convolution and a pooling layer, and the window slides over the feature
map beside the whole output. Every result, index and output shape is PyTorch's.
Made for teaching (large type, presentation mode, keyboard driven), exploring
hyperparameters and exporting feature maps and animations.
.
This package holds the GUI, poolscope, and the command-line tool, poolscope-cli.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# The libraries the programs link are found by dpkg-shlibdeps; the window's fonts and
# Wayland support are not linked, so they are only recommended.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-dejavu-core, qt6-wayland")
# Debian's triggers on /usr/share/icons/hicolor, /usr/share/applications and
# /usr/share/mime refresh the icon cache, the desktop database and the MIME
# database: no maintainer script is needed.

include(CPack)
