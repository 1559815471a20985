// SPDX-License-Identifier: GPL-2.0-only
/*
 * The nested tier's positive control for kmemleak: loading this module
 * loses LEAKPROBE_NR objects of LEAKPROBE_SIZE bytes on purpose, so a scan
 * after its unload must report them.  A scan that does shows that a clean
 * scan of hvhost means something.  L1 only, and only with
 * HVHOST_NESTED_KMEMLEAK=1.
 *
 * kmemleak is conservative: a stale copy of a pointer (a register spilled
 * to a stack that is cached for the next task) keeps an object "referenced".
 * Hence several objects, and the stack scrubbed after the allocations; the
 * check asks for at least one report and none that is not ours.
 */
#include <linux/compiler.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#define LEAKPROBE_SIZE	256
#define LEAKPROBE_NR	4

static noinline void leakprobe_lose(void)
{
	char *p;
	int i;

	for (i = 0; i < LEAKPROBE_NR; i++) {
		p = kmalloc(LEAKPROBE_SIZE, GFP_KERNEL);
		if (!p)
			return;
		strscpy(p, "hvhost-leakprobe", LEAKPROBE_SIZE);
		/* The marker is stored: it shows in the report's hex dump. */
		barrier_data(p);
	}
}

/* Overwrite the stack the allocations used. */
static noinline void leakprobe_scrub(void)
{
	char buf[512];

	memzero_explicit(buf, sizeof(buf));
}

static int __init leakprobe_init(void)
{
	leakprobe_lose();
	leakprobe_scrub();
	return 0;
}

static void __exit leakprobe_exit(void)
{
}

module_init(leakprobe_init);
module_exit(leakprobe_exit);
MODULE_DESCRIPTION("hvhost nested tier: kmemleak positive control");
MODULE_LICENSE("GPL");
