/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace shim: the bitmap operations hvhost uses, bit by bit. */
#ifndef _FUZZ_LINUX_BITMAP_H
#define _FUZZ_LINUX_BITMAP_H

#include <stdbool.h>
#include <stdlib.h>

#define BITS_PER_LONG		(sizeof(long) * 8)
#define BITS_TO_LONGS(n)	(((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)

static inline unsigned long *bitmap_zalloc(unsigned int nbits, int gfp)
{
	return calloc(BITS_TO_LONGS(nbits), sizeof(unsigned long));
}

static inline void bitmap_free(unsigned long *map)
{
	free(map);
}

static inline bool test_bit(unsigned long nr, const unsigned long *map)
{
	return map[nr / BITS_PER_LONG] >> (nr % BITS_PER_LONG) & 1;
}

static inline void __set_bit(unsigned long nr, unsigned long *map)
{
	map[nr / BITS_PER_LONG] |= 1UL << (nr % BITS_PER_LONG);
}

static inline void __clear_bit(unsigned long nr, unsigned long *map)
{
	map[nr / BITS_PER_LONG] &= ~(1UL << (nr % BITS_PER_LONG));
}

static inline unsigned long find_next_zero_bit(const unsigned long *map,
					       unsigned long size,
					       unsigned long off)
{
	for (; off < size; off++)
		if (!test_bit(off, map))
			return off;
	return size;
}

#define find_first_zero_bit(map, size)	find_next_zero_bit(map, size, 0)

static inline void bitmap_set(unsigned long *map, unsigned int start,
			      unsigned int nr)
{
	while (nr--)
		__set_bit(start++, map);
}

static inline void bitmap_clear(unsigned long *map, unsigned int start,
				unsigned int nr)
{
	while (nr--)
		__clear_bit(start++, map);
}

/* As the kernel's: a start past size - nr means "none" (caller checks). */
static inline unsigned long
bitmap_find_next_zero_area(unsigned long *map, unsigned long size,
			   unsigned long start, unsigned int nr,
			   unsigned long align_mask)
{
	unsigned long i, end;

again:
	i = find_next_zero_bit(map, size, start);
	end = i + nr;
	if (end > size)
		return end;
	for (start = i; start < end; start++)
		if (test_bit(start, map)) {
			start++;
			goto again;
		}
	return i;
}

#endif /* _FUZZ_LINUX_BITMAP_H */
