/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim: IS_ENABLED() as the kernel's kconfig.h gives it (the
 * Makefile force-includes this file, as Kbuild does).  No CONFIG_ option
 * is set here.
 */
#ifndef _FUZZ_LINUX_KCONFIG_H
#define _FUZZ_LINUX_KCONFIG_H

#define __ARG_PLACEHOLDER_1			0,
#define __take_second_arg(__ignored, val, ...)	val
#define __is_defined(x)				___is_defined(x)
#define ___is_defined(val)			____is_defined(__ARG_PLACEHOLDER_##val)
#define ____is_defined(arg1_or_junk)		__take_second_arg(arg1_or_junk 1, 0)
#define IS_ENABLED(option)			__is_defined(option)

#endif /* _FUZZ_LINUX_KCONFIG_H */
