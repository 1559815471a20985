// SPDX-License-Identifier: GPL-2.0-only
/*
 * The nested tier's positive control for kmemleak: loading this module
 * loses one object of LEAKPROBE_SIZE bytes on purpose, so a scan after
 * its unload must report exactly that object.  A scan that reports it
 * shows that a clean scan of hvhost means something.  L1 only, and only
 * with HVHOST_NESTED_KMEMLEAK=1.
 */
#include <linux/compiler.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#define LEAKPROBE_SIZE	256

static int __init leakprobe_init(void)
{
	char *p = kmalloc(LEAKPROBE_SIZE, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	strscpy(p, "hvhost-leakprobe", LEAKPROBE_SIZE);
	/* The marker is stored (it shows in the report's hex dump)... */
	barrier_data(p);
	/* ...and the only reference is forgotten on return. */
	return 0;
}

static void __exit leakprobe_exit(void)
{
}

module_init(leakprobe_init);
module_exit(leakprobe_exit);
MODULE_DESCRIPTION("hvhost nested tier: kmemleak positive control");
MODULE_LICENSE("GPL");
