# SPDX-License-Identifier: GPL-2.0-only
#
# Out-of-tree build of the hvhost modules.
#
#   make                  build against the running kernel's headers
#   make KDIR=<dir>       build against other headers or a built kernel tree
#   make install          install into /lib/modules/<release>/updates
#   make clean
#
# Linux 6.12 writes objects next to the sources (there is no MO=), so
# tools/testing/run-tests.sh builds a copy outside the repository.

KDIR ?= /lib/modules/$(shell uname -r)/build
HVHOST_DIR := $(CURDIR)/drivers/hvhost
KBUILD_ARGS := -C $(KDIR) M=$(HVHOST_DIR) CONFIG_HVHOST=m

all: modules

modules:
	$(MAKE) $(KBUILD_ARGS) modules

install: modules
	$(MAKE) $(KBUILD_ARGS) INSTALL_MOD_DIR=updates modules_install

clean:
	$(MAKE) $(KBUILD_ARGS) clean

.PHONY: all modules install clean
