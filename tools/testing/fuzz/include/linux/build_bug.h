/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace shim: static_assert() with an optional message, BUILD_BUG_ON. */
#ifndef _FUZZ_LINUX_BUILD_BUG_H
#define _FUZZ_LINUX_BUILD_BUG_H

#undef static_assert
#define static_assert(expr, ...) __static_assert(expr, ##__VA_ARGS__, #expr)
#define __static_assert(expr, msg, ...) _Static_assert(expr, msg)
#define BUILD_BUG_ON(cond)	_Static_assert(!(cond), #cond)

#endif /* _FUZZ_LINUX_BUILD_BUG_H */
