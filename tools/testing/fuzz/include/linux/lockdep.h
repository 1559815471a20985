/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace shim: lockdep_assert_held() on the mutex shim; aborts. */
#ifndef _FUZZ_LINUX_LOCKDEP_H
#define _FUZZ_LINUX_LOCKDEP_H

#include <linux/bug.h>
#include <linux/mutex.h>

#define lockdep_assert_held(l)	((void)WARN_ON(!(l)->held))

#endif /* _FUZZ_LINUX_LOCKDEP_H */
