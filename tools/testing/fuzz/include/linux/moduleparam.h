/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace shim: module parameters are plain variables. */
#ifndef _FUZZ_LINUX_MODULEPARAM_H
#define _FUZZ_LINUX_MODULEPARAM_H

#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/kernel.h>

#define module_param(name, type, perm)				\
	static_assert(sizeof(name) > 0, #type)
#define MODULE_PARM_DESC(name, desc)				\
	static_assert(sizeof(name) > 0, desc)

#endif /* _FUZZ_LINUX_MODULEPARAM_H */
