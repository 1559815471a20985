/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What every hvhost fuzz target needs: CHECK() for behaviour, and a
 * little-endian reader over the fuzzer's input (missing bytes read as 0).
 */
#ifndef _HVHOST_FUZZ_H
#define _HVHOST_FUZZ_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/types.h>

#ifdef FUZZ_COVERAGE
/* Keep the profile of what ran before a failed check (abort skips atexit). */
int __llvm_profile_write_file(void);
#define fuzz_flush_coverage()	__llvm_profile_write_file()
#else
#define fuzz_flush_coverage()	do { } while (0)
#endif

/* A behaviour check: a failure aborts, so libFuzzer saves the input. */
#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "%s:%d: CHECK(%s) failed\n",	\
				__FILE__, __LINE__, #cond);		\
			fuzz_flush_coverage();				\
			abort();					\
		}							\
	} while (0)

struct fuzz_input {
	const u8 *p;
	size_t n;
};

static inline u8 in_u8(struct fuzz_input *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static inline u16 in_u16(struct fuzz_input *in)
{
	u16 lo = in_u8(in);

	return lo | (u16)in_u8(in) << 8;
}

static inline u32 in_u32(struct fuzz_input *in)
{
	u32 lo = in_u16(in);

	return lo | (u32)in_u16(in) << 16;
}

static inline void in_bytes(struct fuzz_input *in, void *dst, size_t len)
{
	size_t n = len < in->n ? len : in->n;

	memcpy(dst, in->p, n);
	memset((u8 *)dst + n, 0, len - n);
	in->p += n;
	in->n -= n;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

/*
 * The vmbus target links with -Wl,--wrap= for these, so it sees every
 * message the host queues, every purge of the queue and every ring the
 * host sets up.
 */
struct hvhost_msgq;
struct hvhost_partition;
void __real_hvhost_msgq_send(struct hvhost_msgq *q, struct hvhost_partition *p,
			     u32 vp, const void *msg, u32 size);
void __wrap_hvhost_msgq_send(struct hvhost_msgq *q, struct hvhost_partition *p,
			     u32 vp, const void *msg, u32 size);
void __real_hvhost_msgq_purge(struct hvhost_msgq *q);
void __wrap_hvhost_msgq_purge(struct hvhost_msgq *q);
struct hvhost_ring;
int __real_hvhost_ring_init_in(struct hvhost_ring *r, void *base, size_t len);
int __wrap_hvhost_ring_init_in(struct hvhost_ring *r, void *base, size_t len);
int __real_hvhost_ring_init_out(struct hvhost_ring *r, void *base, size_t len);
int __wrap_hvhost_ring_init_out(struct hvhost_ring *r, void *base, size_t len);

#endif /* _HVHOST_FUZZ_H */
