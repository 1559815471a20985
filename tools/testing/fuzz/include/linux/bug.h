/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim: WARN_ON() and WARN_ON_ONCE().  A warning means a broken
 * invariant, so under the fuzzer it is a crash: report and abort.
 */
#ifndef _FUZZ_LINUX_BUG_H
#define _FUZZ_LINUX_BUG_H

#include <stdio.h>
#include <stdlib.h>

/*
 * Not declared noreturn: clang's coverage mapping would otherwise count
 * the code after every WARN_ON() as never run.
 */
static inline void __fuzz_warn(const char *file, int line, const char *cond)
{
	fprintf(stderr, "%s:%d: WARN_ON(%s)\n", file, line, cond);
	abort();
}

#define WARN_ON(cond)							\
	({								\
		int __c = !!(cond);					\
		if (__c)						\
			__fuzz_warn(__FILE__, __LINE__, #cond);		\
		__c;							\
	})
#define WARN_ON_ONCE(cond)	WARN_ON(cond)

#endif /* _FUZZ_LINUX_BUG_H */
