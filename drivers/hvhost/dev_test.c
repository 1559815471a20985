// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: /dev/hvhost's ioctl handlers, the guest memory table and SynIC
 * delivery of the KVM transport.
 *
 * Guest memory is TMEM_PAGES kernel pages behind a fake VMM address range
 * (the "tmem" backend below, standing in for the VMM's mm).  Eventfds are
 * real eventfds in the test thread's file table, so bad, closed and
 * non-eventfd fds take the production paths.
 */
#include <kunit/test.h>
#include <linux/eventfd.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <linux/syscalls.h>
#include <linux/workqueue.h>
#include <uapi/linux/hvhost.h>

#include "dev.h"
#include "echo/echo.h"
#include "kvm/devices.h"
#include "kvm/eventfd.h"
#include "kvm/guestmem.h"
#include "kvm/kpart.h"
#include "kvm/memtable.h"
#include "kvm/synic.h"
#include "vmbus/connection.h"
#include "vmbus/proto.h"
#include "vmbus/vmbus.h"

#define TMEM_PAGES	32
#define TMEM_HVA	0x7f0000000000ULL
#define TMEM_SIMP_PFN	8
#define TMEM_SIEFP_PFN	9

/* The fake VMM address space: page i at TMEM_HVA + i * PAGE_SIZE. */
struct tmem {
	struct page *pages[TMEM_PAGES];
	unsigned long locked;
	unsigned long limit;
	unsigned int pins;
};

struct tpart {
	struct kunit *test;
	struct tmem tm;
	struct hvhost_kpart *kp;
};

static struct page *tmem_page(struct tmem *tm, u64 hva)
{
	u64 idx;

	if (hva < TMEM_HVA)
		return NULL;
	idx = (hva - TMEM_HVA) >> PAGE_SHIFT;
	return idx < TMEM_PAGES ? tm->pages[idx] : NULL;
}

static int tmem_access(struct hvhost_kpart *kp, u64 hva, void *buf,
		       size_t len, bool write)
{
	struct tmem *tm = kp->mem_priv;
	size_t off, chunk;
	struct page *pg;

	while (len) {
		pg = tmem_page(tm, hva);
		if (!pg)
			return -EFAULT;
		off = offset_in_page(hva);
		chunk = min_t(size_t, len, PAGE_SIZE - off);
		if (write)
			memcpy(page_address(pg) + off, buf, chunk);
		else
			memcpy(buf, page_address(pg) + off, chunk);
		hva += chunk;
		buf += chunk;
		len -= chunk;
	}
	return 0;
}

static int tmem_pin(struct hvhost_kpart *kp, u64 hva, struct page **page)
{
	struct tmem *tm = kp->mem_priv;
	struct page *pg = tmem_page(tm, hva);

	if (!pg)
		return -EFAULT;
	get_page(pg);
	tm->pins++;
	*page = pg;
	return 0;
}

static void tmem_unpin(struct hvhost_kpart *kp, struct page *page)
{
	struct tmem *tm = kp->mem_priv;

	tm->pins--;
	put_page(page);
}

static int tmem_account(struct hvhost_kpart *kp, unsigned long npages,
			bool inc)
{
	struct tmem *tm = kp->mem_priv;

	if (!inc) {
		tm->locked -= npages;
		return 0;
	}
	if (tm->locked + npages > tm->limit)
		return -ENOMEM;
	tm->locked += npages;
	return 0;
}

static const struct hvhost_kmem_ops tmem_ops = {
	.access = tmem_access,
	.pin = tmem_pin,
	.unpin = tmem_unpin,
	.account = tmem_account,
};

/* Teardown also audits: every pin and every charge was given back. */
static void tpart_free(void *data)
{
	struct tpart *t = data;
	unsigned int i;

	hvhost_kpart_destroy(t->kp);
	KUNIT_EXPECT_EQ(t->test, t->tm.pins, 0);
	KUNIT_EXPECT_EQ(t->test, t->tm.locked, 0);
	for (i = 0; i < TMEM_PAGES; i++)
		__free_page(t->tm.pages[i]);
}

static struct tpart *tpart_new_lim(struct kunit *test,
				   const struct hvhost_kpart_limits *lim)
{
	struct tpart *t;
	unsigned int i;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->test = test;
	t->tm.limit = TMEM_PAGES;
	for (i = 0; i < TMEM_PAGES; i++) {
		t->tm.pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		KUNIT_ASSERT_NOT_NULL(test, t->tm.pages[i]);
	}
	t->kp = hvhost_kpart_create(&tmem_ops, &t->tm, lim);
	KUNIT_ASSERT_NOT_NULL(test, t->kp);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, tpart_free, t),
			0);
	return t;
}

static const struct hvhost_kpart_limits tlimits = {
	.max_vps = 8,
	.max_mem_regions = 4,
	.max_signal_fds = 2,
};

static struct tpart *tpart_new(struct kunit *test)
{
	return tpart_new_lim(test, &tlimits);
}

static void tpart_config(struct kunit *test, struct tpart *t, u32 nr_vps)
{
	struct hvhost_partition_config cfg = { .nr_vps = nr_vps };

	KUNIT_ASSERT_EQ(test, hvhost_kpart_set_partition(t->kp, &cfg), 0);
}

static struct hvhost_mem_table *tmt_new(struct kunit *test, u32 n)
{
	struct hvhost_mem_table *mt;

	mt = kunit_kzalloc(test, struct_size(mt, regions, n), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mt);
	mt->nregions = n;
	return mt;
}

/* All of tmem as guest physical [0, TMEM_PAGES pages). */
static void tpart_mem(struct kunit *test, struct tpart *t)
{
	struct hvhost_mem_table *mt = tmt_new(test, 1);

	mt->regions[0].memory_size = TMEM_PAGES * PAGE_SIZE;
	mt->regions[0].userspace_addr = TMEM_HVA;
	KUNIT_ASSERT_EQ(test, hvhost_kpart_set_mem_table(t->kp, mt), 0);
}

static int tpart_synic(struct tpart *t, u32 vp, u16 masked)
{
	struct hvhost_synic s = {
		.vp = vp,
		.scontrol = HVHOST_SYNIC_SCONTROL_ENABLE,
		.simp = (TMEM_SIMP_PFN << HV_PAGE_SHIFT) |
			HVHOST_SYNIC_PAGE_ENABLE,
		.siefp = (TMEM_SIEFP_PFN << HV_PAGE_SHIFT) |
			 HVHOST_SYNIC_PAGE_ENABLE,
		.masked_sints = masked,
	};

	return hvhost_kpart_set_synic(t->kp, &s);
}

/* A partition with 2 vCPUs, memory and vCPU 0's SynIC enabled. */
static struct tpart *tpart_ready(struct kunit *test)
{
	struct tpart *t = tpart_new(test);

	tpart_config(test, t, 2);
	tpart_mem(test, t);
	KUNIT_ASSERT_EQ(test, tpart_synic(t, 0, 0), 0);
	return t;
}

static struct hv_message *tpart_slot(struct tpart *t, u8 sint)
{
	return page_address(t->tm.pages[TMEM_SIMP_PFN]) +
	       sint * HV_MESSAGE_SIZE;
}

static u8 *tpart_flags(struct tpart *t, u8 sint)
{
	return page_address(t->tm.pages[TMEM_SIEFP_PFN]) +
	       sint * HV_EVENT_FLAGS_BYTES;
}

/*
 * Eventfds in the test thread's file table.  sys_eventfd2() is callable
 * only without syscall wrappers (UML); elsewhere these tests skip.
 */
static void tefd_close(void *fd)
{
	close_fd((long)fd);
}

#ifdef CONFIG_ARCH_HAS_SYSCALL_WRAPPER
static int tefd_raw(struct kunit *test)
{
	kunit_skip(test, "needs sys_eventfd2() (UML)");
	return -1;
}
#else
static int tefd_raw(struct kunit *test)
{
	long fd = sys_eventfd2(0, EFD_NONBLOCK | EFD_CLOEXEC);

	KUNIT_ASSERT_GE(test, fd, 0);
	return fd;
}
#endif

static int tefd_new(struct kunit *test)
{
	long fd = tefd_raw(test);

	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, tefd_close,
							(void *)fd), 0);
	return fd;
}

/* Read and reset an eventfd's count. */
static u64 tefd_count(struct kunit *test, int fd)
{
	struct file *f = fget(fd);
	loff_t pos = 0;
	u64 cnt = 0;
	ssize_t n;

	KUNIT_ASSERT_NOT_NULL(test, f);
	n = kernel_read(f, &cnt, sizeof(cnt), &pos);
	fput(f);
	return n == sizeof(cnt) ? cnt : 0;
}

static void tefd_signal(struct kunit *test, int fd)
{
	struct eventfd_ctx *ctx = eventfd_ctx_fdget(fd);

	KUNIT_ASSERT_FALSE(test, IS_ERR(ctx));
	eventfd_signal(ctx);
	eventfd_ctx_put(ctx);
}

static int tpart_sint_fds(struct tpart *t, u32 vp, u32 sint, int irqfd,
			  int resamplefd)
{
	struct hvhost_sint_fds f = {
		.vp = vp,
		.sint = sint,
		.irqfd = irqfd,
		.resamplefd = resamplefd,
	};

	return hvhost_kpart_set_sint_fds(t->kp, &f);
}

static int tpart_signal_fd(struct tpart *t, u32 conn_id, int fd)
{
	struct hvhost_signal_fd f = { .conn_id = conn_id, .fd = fd };

	return hvhost_kpart_set_signal_fd(t->kp, &f);
}

/*
 * Suite hvhost_dev: the ioctl layer and handlers.
 */

static void dev_ioctl_table(struct kunit *test)
{
	static const unsigned int cmds[] = {
		HVHOST_SET_PARTITION, HVHOST_RESET, HVHOST_SET_SYNIC,
		HVHOST_SET_SINT_FDS, HVHOST_SET_SIGNAL_FD,
		HVHOST_POST_MESSAGE, HVHOST_SIGNAL_EVENT,
		HVHOST_ADD_DEVICE, HVHOST_REMOVE_DEVICE,
	};
	unsigned int i, cmd, alt;

	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		cmd = cmds[i];
		KUNIT_EXPECT_NOT_NULL(test, hvhost_dev_ioctl_find(cmd));
		/* Same number, another size or direction: unknown. */
		alt = _IOC(_IOC_DIR(cmd), HVHOST_IOC_MAGIC, _IOC_NR(cmd),
			   _IOC_SIZE(cmd) + 8);
		KUNIT_EXPECT_NULL(test, hvhost_dev_ioctl_find(alt));
		alt = _IOC(_IOC_DIR(cmd) ^ _IOC_READ, HVHOST_IOC_MAGIC,
			   _IOC_NR(cmd), _IOC_SIZE(cmd));
		KUNIT_EXPECT_NULL(test, hvhost_dev_ioctl_find(alt));
		/* Another magic. */
		alt = _IOC(_IOC_DIR(cmd), 0xAF, _IOC_NR(cmd), _IOC_SIZE(cmd));
		KUNIT_EXPECT_NULL(test, hvhost_dev_ioctl_find(alt));
	}
	KUNIT_EXPECT_NULL(test, hvhost_dev_ioctl_find(_IO(HVHOST_IOC_MAGIC,
							  0x7f)));
	/* The UAPI sizes are part of the ABI. */
	KUNIT_EXPECT_EQ(test, _IOC_SIZE(HVHOST_GET_INFO), 56);
	KUNIT_EXPECT_EQ(test, _IOC_SIZE(HVHOST_SET_PARTITION), 32);
	KUNIT_EXPECT_EQ(test, _IOC_SIZE(HVHOST_SET_MEM_TABLE), 8);
	KUNIT_EXPECT_EQ(test, sizeof(struct hvhost_mem_region), 32);
	KUNIT_EXPECT_EQ(test, _IOC_SIZE(HVHOST_SET_SYNIC), 56);
	KUNIT_EXPECT_EQ(test, _IOC_SIZE(HVHOST_SET_SINT_FDS), 32);
	KUNIT_EXPECT_EQ(test, _IOC_SIZE(HVHOST_SET_SIGNAL_FD), 16);
	KUNIT_EXPECT_EQ(test, _IOC_SIZE(HVHOST_POST_MESSAGE), 256);
	KUNIT_EXPECT_EQ(test, _IOC_SIZE(HVHOST_SIGNAL_EVENT), 16);
	KUNIT_EXPECT_EQ(test, _IOC_SIZE(HVHOST_ADD_DEVICE), 64);
	KUNIT_EXPECT_EQ(test, _IOC_DIR(HVHOST_ADD_DEVICE), _IOC_READ | _IOC_WRITE);
	KUNIT_EXPECT_EQ(test, sizeof(struct hvhost_device_net), 40);
	KUNIT_EXPECT_EQ(test, _IOC_SIZE(HVHOST_REMOVE_DEVICE), 64);
}

static void dev_get_info(struct kunit *test)
{
	struct tpart *t = tpart_new(test);
	struct hvhost_info info;
	unsigned int i;

	memset(&info, 0xa5, sizeof(info));
	hvhost_kpart_get_info(t->kp, &info);
	KUNIT_EXPECT_EQ(test, info.features,
			HVHOST_F_SIGNAL_EVENT_RELAY | HVHOST_F_SIGNAL_FD);
	KUNIT_EXPECT_EQ(test, info.max_vps, 8);
	KUNIT_EXPECT_EQ(test, info.max_mem_regions, 4);
	KUNIT_EXPECT_EQ(test, info.max_signal_fds, 2);
	KUNIT_EXPECT_EQ(test, info.conn_id_first, 0x10001);
	KUNIT_EXPECT_EQ(test, info.conn_id_last, 0x10000 + 2047);
	for (i = 0; i < ARRAY_SIZE(info.reserved); i++)
		KUNIT_EXPECT_EQ(test, info.reserved[i], 0);
}

struct dev_partition_case {
	const char *name;
	struct hvhost_partition_config cfg;
	int err;
};

static const struct dev_partition_case dev_partition_cases[] = {
	{ "ok", { .nr_vps = 1 }, 0 },
	{ "max_vps", { .nr_vps = 8 }, 0 },
	{ "zero_vps", { .nr_vps = 0 }, -EINVAL },
	{ "too_many_vps", { .nr_vps = 9 }, -EINVAL },
	{ "absurd_vps", { .nr_vps = U32_MAX }, -EINVAL },
	{ "flags", { .nr_vps = 1, .flags = 1 }, -EINVAL },
	{ "reserved0", { .nr_vps = 1, .reserved = { 1 } }, -EINVAL },
	{ "reserved2", { .nr_vps = 1, .reserved = { 0, 0, 1 } }, -EINVAL },
};

KUNIT_ARRAY_PARAM_DESC(dev_partition, dev_partition_cases, name);

static void dev_set_partition(struct kunit *test)
{
	const struct dev_partition_case *c = test->param_value;
	struct tpart *t = tpart_new(test);

	KUNIT_EXPECT_EQ(test, hvhost_kpart_set_partition(t->kp, &c->cfg),
			c->err);
	KUNIT_EXPECT_EQ(test, t->kp->configured, !c->err);
	if (!c->err) {
		KUNIT_EXPECT_EQ(test, t->kp->part.nr_vps, c->cfg.nr_vps);
		KUNIT_EXPECT_NOT_NULL(test, t->kp->part.vmbus);
		/* Exactly once. */
		KUNIT_EXPECT_EQ(test,
				hvhost_kpart_set_partition(t->kp, &c->cfg),
				-EBUSY);
	}
}

/* Everything but GET_INFO needs SET_PARTITION first. */
static void dev_order_before_partition(struct kunit *test)
{
	struct tpart *t = tpart_new(test);
	struct hvhost_mem_table *mt = tmt_new(test, 0);
	struct hvhost_post_message pm = {
		.connection_id = 4, .message_type = 1, .payload_size = 8,
	};
	struct hvhost_signal_event se = { .conn_id = 0x10001 };

	KUNIT_EXPECT_EQ(test, hvhost_kpart_reset(t->kp), -ENOENT);
	KUNIT_EXPECT_EQ(test, hvhost_kpart_set_mem_table(t->kp, mt), -ENOENT);
	KUNIT_EXPECT_EQ(test, tpart_synic(t, 0, 0), -ENOENT);
	KUNIT_EXPECT_EQ(test, tpart_sint_fds(t, 0, 2, -1, -1), -ENOENT);
	KUNIT_EXPECT_EQ(test, tpart_signal_fd(t, 0x10001, -1), -ENOENT);
	KUNIT_EXPECT_EQ(test, hvhost_kpart_post_message(t->kp, &pm), -ENOENT);
	KUNIT_EXPECT_EQ(test, hvhost_kpart_signal_event(t->kp, &se), -ENOENT);
	KUNIT_EXPECT_EQ(test, atomic64_read(&t->kp->stats.posts), 0);
}

/* POST_MESSAGE needs memory and an enabled message page. */
static void dev_order_post_message(struct kunit *test)
{
	struct tpart *t = tpart_new(test);
	struct hvhost_post_message pm = {
		.connection_id = 4, .message_type = 1, .payload_size = 8,
	};

	tpart_config(test, t, 2);
	KUNIT_EXPECT_EQ(test, hvhost_kpart_post_message(t->kp, &pm), -ENOENT);
	KUNIT_EXPECT_EQ(test, tpart_synic(t, 0, 0), -EFAULT);
	tpart_mem(test, t);
	KUNIT_EXPECT_EQ(test, hvhost_kpart_post_message(t->kp, &pm), -ENOENT);
	KUNIT_ASSERT_EQ(test, tpart_synic(t, 1, 0), 0);
	KUNIT_EXPECT_GE(test, hvhost_kpart_post_message(t->kp, &pm), 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&t->kp->stats.posts), 1);
}

struct dev_mem_case {
	const char *name;
	struct hvhost_mem_region r[3];
	u32 n;
	u32 padding;
	int err;
};

#define MR(g, s, h)	{ .guest_phys_addr = (g), .memory_size = (s), \
			  .userspace_addr = (h) }

static const struct dev_mem_case dev_mem_cases[] = {
	{ "empty", {}, 0, 0, 0 },
	{ "one", { MR(0, 0x10000, TMEM_HVA) }, 1, 0, 0 },
	{ "adjacent", { MR(0x10000, 0x1000, 0x2000),
			MR(0, 0x10000, 0x4000000) }, 2, 0, 0 },
	{ "zero_size", { MR(0, 0, TMEM_HVA) }, 1, 0, -EINVAL },
	{ "gpa_unaligned", { MR(0x800, 0x1000, TMEM_HVA) }, 1, 0, -EINVAL },
	{ "size_unaligned", { MR(0, 0x1800, TMEM_HVA) }, 1, 0, -EINVAL },
	{ "hva_unaligned", { MR(0, 0x1000, TMEM_HVA + 8) }, 1, 0, -EINVAL },
	{ "gpa_wraps", { MR(0xfffffffffffff000ULL, 0x2000, TMEM_HVA) }, 1, 0,
	  -EINVAL },
	{ "gpa_ends_at_top", { MR(0xfffffffffffff000ULL, 0x1000, TMEM_HVA) },
	  1, 0, -EINVAL },
	{ "hva_wraps", { MR(0, 0x2000, 0xfffffffffffff000ULL) }, 1, 0,
	  -EINVAL },
	{ "absurd_size", { MR(0x1000, 0xfffffffffffff000ULL, 0) }, 1, 0,
	  -EINVAL },
	{ "overlap", { MR(0, 0x3000, 0x10000), MR(0x2000, 0x1000, 0x40000) },
	  2, 0, -EINVAL },
	{ "overlap_unsorted", { MR(0x5000, 0x1000, 0x10000),
				MR(0, 0x1000, 0x20000),
				MR(0x4000, 0x2000, 0x40000) }, 3, 0, -EINVAL },
	{ "duplicate", { MR(0, 0x1000, 0x10000), MR(0, 0x1000, 0x10000) }, 2,
	  0, -EINVAL },
	{ "flags", { { .memory_size = 0x1000, .userspace_addr = TMEM_HVA,
		       .flags = 1 } }, 1, 0, -EINVAL },
	{ "reserved", { { .memory_size = 0x1000, .userspace_addr = TMEM_HVA,
			  .reserved = 1 } }, 1, 0, -EINVAL },
	{ "padding", { MR(0, 0x1000, TMEM_HVA) }, 1, 1, -EINVAL },
	{ "too_many", {}, 5, 0, -E2BIG },
};

KUNIT_ARRAY_PARAM_DESC(dev_mem, dev_mem_cases, name);

/* A bad table is refused whole and the old one stays in force. */
static void dev_set_mem_table(struct kunit *test)
{
	const struct dev_mem_case *c = test->param_value;
	struct tpart *t = tpart_new(test);
	struct hvhost_mem_table *mt = tmt_new(test, c->n);
	u32 i;

	tpart_config(test, t, 1);
	tpart_mem(test, t);
	mt->padding = c->padding;
	for (i = 0; i < min_t(u32, c->n, ARRAY_SIZE(c->r)); i++)
		mt->regions[i] = c->r[i];
	for (; i < c->n; i++)
		mt->regions[i] = (struct hvhost_mem_region)
			MR(i * 0x100000ULL, 0x1000, TMEM_HVA);
	KUNIT_EXPECT_EQ(test, hvhost_kpart_set_mem_table(t->kp, mt), c->err);
	/* The last tmem page is guest memory only under the old table. */
	KUNIT_EXPECT_EQ(test,
			hvhost_guestmem_check(&t->kp->part,
					      (TMEM_PAGES - 1) * PAGE_SIZE, 1),
			c->err ? 0 : -EFAULT);
}

/* Reads and writes span regions whose VMM addresses are not contiguous. */
static void dev_guestmem_rw(struct kunit *test)
{
	struct tpart *t = tpart_new(test);
	struct hvhost_mem_table *mt = tmt_new(test, 2);
	u8 out[64], in[64];
	u8 *p5, *p2;
	unsigned int i;

	tpart_config(test, t, 1);
	/* gpa page 0 -> tmem page 5, gpa page 1 -> tmem page 2. */
	mt->regions[0] = (struct hvhost_mem_region)
		MR(0, 0x1000, TMEM_HVA + 5 * PAGE_SIZE);
	mt->regions[1] = (struct hvhost_mem_region)
		MR(0x1000, 0x1000, TMEM_HVA + 2 * PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, hvhost_kpart_set_mem_table(t->kp, mt), 0);
	for (i = 0; i < sizeof(out); i++)
		out[i] = i + 1;
	KUNIT_EXPECT_EQ(test, hvhost_guestmem_write(&t->kp->part, 0x1000 - 32,
						    out, sizeof(out)), 0);
	p5 = page_address(t->tm.pages[5]);
	p2 = page_address(t->tm.pages[2]);
	KUNIT_EXPECT_MEMEQ(test, p5 + PAGE_SIZE - 32, out, 32);
	KUNIT_EXPECT_MEMEQ(test, p2, out + 32, 32);
	KUNIT_EXPECT_EQ(test, hvhost_guestmem_read(&t->kp->part, 0x1000 - 32,
						   in, sizeof(in)), 0);
	KUNIT_EXPECT_MEMEQ(test, in, out, sizeof(in));
	/* Running off the end, or wrapping, fails. */
	KUNIT_EXPECT_EQ(test, hvhost_guestmem_read(&t->kp->part, 0x2000 - 8,
						   in, 16), -EFAULT);
	KUNIT_EXPECT_EQ(test, hvhost_guestmem_read(&t->kp->part, U64_MAX - 3,
						   in, 8), -EFAULT);
	KUNIT_EXPECT_EQ(test, hvhost_guestmem_check(&t->kp->part, 0, 0x2000),
			0);
	KUNIT_EXPECT_EQ(test, hvhost_guestmem_check(&t->kp->part, 0, 0x2001),
			-EFAULT);
}

/* Pins are all or nothing and charged against the memlock limit. */
static void dev_guestmem_pin(struct kunit *test)
{
	struct tpart *t = tpart_new(test);
	struct page *pages[4];
	u64 pfns[4] = { 1, 2, 3, 4 };

	tpart_config(test, t, 1);
	tpart_mem(test, t);
	pfns[3] = TMEM_PAGES;	/* outside guest memory */
	KUNIT_EXPECT_EQ(test, hvhost_guestmem_pin(&t->kp->part, pfns, 4,
						  pages), -EFAULT);
	KUNIT_EXPECT_EQ(test, t->tm.pins, 0);
	KUNIT_EXPECT_EQ(test, t->tm.locked, 0);
	pfns[3] = U64_MAX;	/* pfn << 12 would wrap */
	KUNIT_EXPECT_EQ(test, hvhost_guestmem_pin(&t->kp->part, pfns, 4,
						  pages), -EFAULT);
	KUNIT_EXPECT_EQ(test, t->tm.pins, 0);
	pfns[3] = 4;
	t->tm.limit = 3;
	KUNIT_EXPECT_EQ(test, hvhost_guestmem_pin(&t->kp->part, pfns, 4,
						  pages), -ENOMEM);
	KUNIT_EXPECT_EQ(test, t->tm.pins, 0);
	t->tm.limit = 4;
	KUNIT_ASSERT_EQ(test, hvhost_guestmem_pin(&t->kp->part, pfns, 4,
						  pages), 0);
	KUNIT_EXPECT_EQ(test, t->tm.pins, 4);
	KUNIT_EXPECT_EQ(test, t->tm.locked, 4);
	KUNIT_EXPECT_PTR_EQ(test, pages[2], t->tm.pages[3]);
	hvhost_guestmem_unpin(&t->kp->part, pages, 4);
	KUNIT_EXPECT_EQ(test, t->tm.pins, 0);
	KUNIT_EXPECT_EQ(test, t->tm.locked, 0);
}

static void dev_set_synic_bad(struct kunit *test)
{
	struct tpart *t = tpart_new(test);
	struct hvhost_synic s = { .vp = 0 };

	tpart_config(test, t, 2);
	tpart_mem(test, t);
	s.flags = 1;
	KUNIT_EXPECT_EQ(test, hvhost_kpart_set_synic(t->kp, &s), -EINVAL);
	s.flags = 0;
	s.reserved[1] = 1;
	KUNIT_EXPECT_EQ(test, hvhost_kpart_set_synic(t->kp, &s), -EINVAL);
	s.reserved[1] = 0;
	s.reserved2[1] = 1;
	KUNIT_EXPECT_EQ(test, hvhost_kpart_set_synic(t->kp, &s), -EINVAL);
	s.reserved2[1] = 0;
	s.vp = 2;
	KUNIT_EXPECT_EQ(test, hvhost_kpart_set_synic(t->kp, &s), -EINVAL);
	s.vp = U32_MAX;
	KUNIT_EXPECT_EQ(test, hvhost_kpart_set_synic(t->kp, &s), -EINVAL);
	/* Pages outside guest memory; the SIEFP failure undoes the SIMP pin. */
	s.vp = 0;
	s.simp = ((u64)TMEM_PAGES << HV_PAGE_SHIFT) | 1;
	KUNIT_EXPECT_EQ(test, hvhost_kpart_set_synic(t->kp, &s), -EFAULT);
	s.simp = (TMEM_SIMP_PFN << HV_PAGE_SHIFT) | 1;
	s.siefp = 0xfffffffffffff001ULL;
	KUNIT_EXPECT_EQ(test, hvhost_kpart_set_synic(t->kp, &s), -EFAULT);
	KUNIT_EXPECT_EQ(test, t->tm.pins, 0);
	/* Over the memlock limit. */
	t->tm.limit = 1;
	s.siefp = (TMEM_SIEFP_PFN << HV_PAGE_SHIFT) | 1;
	KUNIT_EXPECT_EQ(test, hvhost_kpart_set_synic(t->kp, &s), -ENOMEM);
	KUNIT_EXPECT_EQ(test, t->tm.pins, 0);
	KUNIT_EXPECT_EQ(test, t->kp->nr_simp, 0);
	KUNIT_EXPECT_NULL(test, t->kp->vps[0].msg.page);
}

/* Pins follow the MSRs: same page kept, new page swapped, disable drops. */
static void dev_set_synic_pins(struct kunit *test)
{
	struct tpart *t = tpart_new(test);
	struct hvhost_synic s = {
		.vp = 1,
		.scontrol = 1,
		.simp = (3 << HV_PAGE_SHIFT) | 1 | 0xf00,	/* ignored bits */
	};

	tpart_config(test, t, 2);
	tpart_mem(test, t);
	KUNIT_ASSERT_EQ(test, hvhost_kpart_set_synic(t->kp, &s), 0);
	KUNIT_EXPECT_EQ(test, t->tm.pins, 1);
	KUNIT_EXPECT_PTR_EQ(test, t->kp->vps[1].msg.page, t->tm.pages[3]);
	KUNIT_EXPECT_EQ(test, t->kp->nr_simp, 1);
	KUNIT_ASSERT_EQ(test, hvhost_kpart_set_synic(t->kp, &s), 0);
	KUNIT_EXPECT_EQ(test, t->tm.pins, 1);
	s.simp = (4 << HV_PAGE_SHIFT) | 1;
	s.siefp = (5 << HV_PAGE_SHIFT) | 1;
	KUNIT_ASSERT_EQ(test, hvhost_kpart_set_synic(t->kp, &s), 0);
	KUNIT_EXPECT_EQ(test, t->tm.pins, 2);
	KUNIT_EXPECT_PTR_EQ(test, t->kp->vps[1].msg.page, t->tm.pages[4]);
	KUNIT_EXPECT_PTR_EQ(test, t->kp->vps[1].evt.page, t->tm.pages[5]);
	s.simp &= ~1ULL;	/* disabled: GPA kept, page released */
	KUNIT_ASSERT_EQ(test, hvhost_kpart_set_synic(t->kp, &s), 0);
	KUNIT_EXPECT_EQ(test, t->tm.pins, 1);
	KUNIT_EXPECT_EQ(test, t->kp->nr_simp, 0);
	KUNIT_EXPECT_EQ(test, t->tm.locked, 1);
}

/*
 * Two guest addresses backed by one host page (the VMM may alias memory):
 * moving SIMP between them must release each pin and mapping on its own,
 * so nothing accumulates however often the guest toggles.
 */
static void dev_set_synic_alias(struct kunit *test)
{
	struct hvhost_mem_table *mt = tmt_new(test, 2);
	struct tpart *t = tpart_new(test);
	struct hvhost_synic s = { .scontrol = 1 };
	u64 alias = (u64)TMEM_PAGES << HV_PAGE_SHIFT;
	unsigned int i;

	tpart_config(test, t, 1);
	mt->regions[0].memory_size = TMEM_PAGES * PAGE_SIZE;
	mt->regions[0].userspace_addr = TMEM_HVA;
	mt->regions[1].guest_phys_addr = alias;
	mt->regions[1].memory_size = TMEM_PAGES * PAGE_SIZE;
	mt->regions[1].userspace_addr = TMEM_HVA;
	KUNIT_ASSERT_EQ(test, hvhost_kpart_set_mem_table(t->kp, mt), 0);

	for (i = 0; i < 8; i++) {
		s.simp = ((i & 1 ? alias : 0) + (3 << HV_PAGE_SHIFT)) | 1;
		KUNIT_ASSERT_EQ(test, hvhost_kpart_set_synic(t->kp, &s), 0);
		KUNIT_EXPECT_PTR_EQ(test, t->kp->vps[0].msg.page,
				    t->tm.pages[3]);
		KUNIT_EXPECT_EQ(test, t->tm.pins, 1);
		KUNIT_EXPECT_EQ(test, t->tm.locked, 1);
	}
	s.simp = 0;
	KUNIT_ASSERT_EQ(test, hvhost_kpart_set_synic(t->kp, &s), 0);
	KUNIT_EXPECT_EQ(test, t->tm.pins, 0);
	KUNIT_EXPECT_EQ(test, t->tm.locked, 0);
}

static void dev_sint_fds(struct kunit *test)
{
	struct tpart *t = tpart_new(test);
	struct hvhost_sint_fds f = { .vp = 0, .sint = 2, .irqfd = -1,
				     .resamplefd = -1 };
	int irqfd = tefd_new(test), rsfd = tefd_new(test);
	int closed = tefd_raw(test);
	int pipefd[2];

	tpart_config(test, t, 2);
	KUNIT_EXPECT_EQ(test, tpart_sint_fds(t, 2, 2, irqfd, -1), -EINVAL);
	KUNIT_EXPECT_EQ(test, tpart_sint_fds(t, 0, 16, irqfd, -1), -EINVAL);
	KUNIT_EXPECT_EQ(test, tpart_sint_fds(t, 0, 2, -2, -1), -EBADF);
	KUNIT_EXPECT_EQ(test, tpart_sint_fds(t, 0, 2, -1, INT_MIN), -EBADF);
	KUNIT_EXPECT_EQ(test, tpart_sint_fds(t, 0, 2, 100000, -1), -EBADF);
	KUNIT_EXPECT_EQ(test, close_fd(closed), 0);
	KUNIT_EXPECT_EQ(test, tpart_sint_fds(t, 0, 2, closed, -1), -EBADF);
	KUNIT_EXPECT_EQ(test, tpart_sint_fds(t, 0, 2, -1, closed), -EBADF);
	KUNIT_ASSERT_EQ(test, do_pipe_flags(pipefd, O_CLOEXEC), 0);
	KUNIT_EXPECT_EQ(test, tpart_sint_fds(t, 0, 2, pipefd[0], -1), -EINVAL);
	KUNIT_EXPECT_EQ(test, tpart_sint_fds(t, 0, 2, irqfd, pipefd[1]),
			-EINVAL);
	close_fd(pipefd[0]);
	close_fd(pipefd[1]);
	f.reserved[1] = 1;
	KUNIT_EXPECT_EQ(test, hvhost_kpart_set_sint_fds(t->kp, &f), -EINVAL);
	/* Nothing was bound by the failures. */
	KUNIT_EXPECT_NULL(test, rcu_access_pointer(t->kp->vps[0].irqfd[2]));
	KUNIT_EXPECT_NULL(test, t->kp->vps[0].resample[2]);

	KUNIT_EXPECT_EQ(test, tpart_sint_fds(t, 0, 2, irqfd, rsfd), 0);
	KUNIT_EXPECT_NOT_NULL(test, rcu_access_pointer(t->kp->vps[0].irqfd[2]));
	KUNIT_EXPECT_NOT_NULL(test, t->kp->vps[0].resample[2]);
	/* A failed rebind keeps the old binding. */
	KUNIT_EXPECT_EQ(test, tpart_sint_fds(t, 0, 2, irqfd, 100000), -EBADF);
	KUNIT_EXPECT_NOT_NULL(test, t->kp->vps[0].resample[2]);
	/* -1 unbinds. */
	KUNIT_EXPECT_EQ(test, tpart_sint_fds(t, 0, 2, -1, -1), 0);
	KUNIT_EXPECT_NULL(test, rcu_access_pointer(t->kp->vps[0].irqfd[2]));
	KUNIT_EXPECT_NULL(test, t->kp->vps[0].resample[2]);
	/* Bound again and left bound: teardown releases it. */
	KUNIT_EXPECT_EQ(test, tpart_sint_fds(t, 1, 15, irqfd, rsfd), 0);
}

static void dev_signal_fd(struct kunit *test)
{
	struct tpart *t = tpart_new(test);
	struct hvhost_signal_fd f = { .conn_id = 0x10001, .fd = -1,
				      .reserved = 1 };
	int a = tefd_new(test), b = tefd_new(test), c = tefd_new(test);

	tpart_config(test, t, 1);
	KUNIT_EXPECT_EQ(test, hvhost_kpart_set_signal_fd(t->kp, &f), -EINVAL);
	KUNIT_EXPECT_EQ(test, tpart_signal_fd(t, 0, a), -EINVAL);
	KUNIT_EXPECT_EQ(test, tpart_signal_fd(t, HVHOST_CONN_ID_MAX + 1, a),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, tpart_signal_fd(t, 0x10001, -7), -EBADF);
	KUNIT_EXPECT_EQ(test, tpart_signal_fd(t, 0x10001, 100000), -EBADF);

	KUNIT_ASSERT_EQ(test, tpart_signal_fd(t, 0x10001, a), 0);
	tefd_signal(test, a);
	tefd_signal(test, a);
	KUNIT_EXPECT_EQ(test, atomic64_read(&t->kp->stats.kicks), 2);
	/* The kick consumed the count. */
	KUNIT_EXPECT_EQ(test, tefd_count(test, a), 0);
	/* Cap of 2; rebinding an id does not count twice. */
	KUNIT_EXPECT_EQ(test, tpart_signal_fd(t, HVHOST_CONN_ID_MAX, b), 0);
	KUNIT_EXPECT_EQ(test, tpart_signal_fd(t, 0x10002, c), -ENOSPC);
	KUNIT_EXPECT_EQ(test, tpart_signal_fd(t, 0x10001, c), 0);
	KUNIT_EXPECT_EQ(test, t->kp->nr_signal_fds, 2);
	/* a is no longer watched, c is. */
	tefd_signal(test, a);
	KUNIT_EXPECT_EQ(test, atomic64_read(&t->kp->stats.kicks), 2);
	tefd_signal(test, c);
	KUNIT_EXPECT_EQ(test, atomic64_read(&t->kp->stats.kicks), 3);
	/* Unbind; unbinding an unbound id is fine. */
	KUNIT_EXPECT_EQ(test, tpart_signal_fd(t, 0x10001, -1), 0);
	KUNIT_EXPECT_EQ(test, tpart_signal_fd(t, 0x10001, -1), 0);
	KUNIT_EXPECT_EQ(test, t->kp->nr_signal_fds, 1);
	tefd_signal(test, c);
	KUNIT_EXPECT_EQ(test, atomic64_read(&t->kp->stats.kicks), 3);
	/* An fd already signalled when bound kicks at once. */
	tefd_signal(test, a);
	KUNIT_EXPECT_EQ(test, tpart_signal_fd(t, 0x10003, a), 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&t->kp->stats.kicks), 4);
}

/* Ids, fds and limits of one partition mean nothing to another. */
static void dev_two_partitions(struct kunit *test)
{
	struct tpart *t1 = tpart_new(test), *t2 = tpart_new(test);
	struct hvhost_post_message pm = {
		.connection_id = 4, .message_type = 1, .payload_size = 8,
	};
	int fd = tefd_new(test);

	tpart_config(test, t1, 4);
	tpart_config(test, t2, 1);
	tpart_mem(test, t1);
	KUNIT_EXPECT_EQ(test, tpart_synic(t1, 3, 0), 0);
	KUNIT_EXPECT_EQ(test, tpart_synic(t2, 3, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, tpart_synic(t2, 0, 0), -EFAULT);
	KUNIT_EXPECT_EQ(test, tpart_sint_fds(t2, 3, 2, fd, -1), -EINVAL);
	KUNIT_EXPECT_EQ(test, hvhost_kpart_post_message(t2->kp, &pm), -ENOENT);
	KUNIT_ASSERT_EQ(test, tpart_signal_fd(t1, 0x10001, fd), 0);
	tefd_signal(test, fd);
	KUNIT_EXPECT_EQ(test, atomic64_read(&t1->kp->stats.kicks), 1);
	KUNIT_EXPECT_EQ(test, atomic64_read(&t2->kp->stats.kicks), 0);
	/* The same eventfd may serve both; each partition sees its kick. */
	KUNIT_ASSERT_EQ(test, tpart_signal_fd(t2, 0x10001, fd), 0);
	tefd_signal(test, fd);
	KUNIT_EXPECT_EQ(test, atomic64_read(&t1->kp->stats.kicks), 2);
	KUNIT_EXPECT_EQ(test, atomic64_read(&t2->kp->stats.kicks), 1);
}

static void dev_post_message_status(struct kunit *test)
{
	struct tpart *t = tpart_ready(test);
	struct hvhost_post_message pm = {
		.connection_id = 4, .message_type = 1, .payload_size = 241,
	};

	KUNIT_EXPECT_EQ(test, hvhost_kpart_post_message(t->kp, &pm),
			HV_STATUS_INVALID_PARAMETER);
	pm.payload_size = U32_MAX;
	KUNIT_EXPECT_EQ(test, hvhost_kpart_post_message(t->kp, &pm),
			HV_STATUS_INVALID_PARAMETER);
	pm.payload_size = 8;
	pm.connection_id = HVHOST_CONN_ID_MAX + 1;
	KUNIT_EXPECT_EQ(test, hvhost_kpart_post_message(t->kp, &pm),
			HV_STATUS_INVALID_CONNECTION_ID);
	KUNIT_EXPECT_EQ(test, atomic64_read(&t->kp->stats.posts_refused), 3);
	KUNIT_EXPECT_EQ(test, atomic64_read(&t->kp->stats.posts), 0);
	pm.connection_id = 4;
	pm.reserved = 1;
	KUNIT_EXPECT_EQ(test, hvhost_kpart_post_message(t->kp, &pm), -EINVAL);
	pm.reserved = 0;
	/* The VMBus host's own answers come back as the status. */
	pm.message_type = 2;
	KUNIT_EXPECT_EQ(test, hvhost_kpart_post_message(t->kp, &pm),
			HV_STATUS_INVALID_PARAMETER);
	pm.message_type = 1;
	pm.payload_size = 4;
	KUNIT_EXPECT_EQ(test, hvhost_kpart_post_message(t->kp, &pm),
			HV_STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, atomic64_read(&t->kp->stats.posts), 2);
	/* Nothing reached the guest. */
	KUNIT_EXPECT_EQ(test, atomic64_read(&t->kp->stats.msgs), 0);
	KUNIT_EXPECT_EQ(test, tpart_slot(t, 2)->header.message_type, 0);
}

static int tpart_post(struct tpart *t, u32 conn_id, const void *msg,
		      u32 size)
{
	struct hvhost_post_message pm = {
		.connection_id = conn_id,
		.message_type = HV_MESSAGE_TYPE_VMBUS,
		.payload_size = size,
	};

	memcpy(pm.payload, msg, size);
	return hvhost_kpart_post_message(t->kp, &pm);
}

static int tpart_contact(struct tpart *t, u32 vp)
{
	struct vmbus_msg_initiate_contact m = {
		.header.msgtype = CHANNELMSG_INITIATE_CONTACT,
		.vmbus_version_requested = VMBUS_VERSION_WIN10_V5_3,
		.target_vcpu = vp,
		.msg_sint = VMBUS_MESSAGE_SINT,
		.monitor_page1 = 3 << HV_PAGE_SHIFT,
		.monitor_page2 = 4 << HV_PAGE_SHIFT,
	};

	return tpart_post(t, VMBUS_MESSAGE_CONNECTION_ID_4, &m, sizeof(m));
}

/* HvPostMessage relayed -> VMBus host -> reply in the SIMP slot + irqfd. */
static void dev_post_contact(struct kunit *test)
{
	struct tpart *t = tpart_ready(test);
	int irqfd = tefd_new(test), other = tefd_new(test);
	struct vmbus_msg_version_response resp;
	struct hv_message *slot = tpart_slot(t, VMBUS_MESSAGE_SINT);

	KUNIT_ASSERT_EQ(test, tpart_sint_fds(t, 0, VMBUS_MESSAGE_SINT, irqfd,
					     -1), 0);
	KUNIT_ASSERT_EQ(test, tpart_sint_fds(t, 1, VMBUS_MESSAGE_SINT, other,
					     -1), 0);
	KUNIT_EXPECT_EQ(test, tpart_contact(t, 0), HV_STATUS_SUCCESS);

	KUNIT_EXPECT_EQ(test, slot->header.message_type, HV_MESSAGE_TYPE_VMBUS);
	KUNIT_EXPECT_EQ(test, slot->header.payload_size, sizeof(resp));
	KUNIT_EXPECT_EQ(test, slot->header.message_flags, 0);
	memcpy(&resp, slot->payload, sizeof(resp));
	KUNIT_EXPECT_EQ(test, resp.header.msgtype,
			CHANNELMSG_VERSION_RESPONSE);
	KUNIT_EXPECT_EQ(test, resp.version_supported, 1);
	KUNIT_EXPECT_EQ(test, resp.connection_state, 0);
	KUNIT_EXPECT_EQ(test, resp.msg_conn_id, VMBUS_MESSAGE_CONNECTION_ID_4);
	KUNIT_EXPECT_EQ(test, tefd_count(test, irqfd), 1);
	KUNIT_EXPECT_EQ(test, tefd_count(test, other), 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&t->kp->stats.msgs), 1);
	/* Other slots untouched. */
	KUNIT_EXPECT_EQ(test, tpart_slot(t, 1)->header.message_type, 0);
	KUNIT_EXPECT_EQ(test, tpart_slot(t, 3)->header.message_type, 0);
}

static const u8 dev_instance[16] = {
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
	0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10,
};

static struct hvhost_device dev_echo(void)
{
	struct hvhost_device d = { .type = HVHOST_DEVICE_ECHO };

	memcpy(d.instance, dev_instance, sizeof(d.instance));
	return d;
}

/* ADD/REMOVE_DEVICE: order, every field checked, duplicates, unknowns. */
static void dev_devices_validation(struct kunit *test)
{
	struct tpart *t = tpart_new(test);
	struct hvhost_device d = dev_echo();

	KUNIT_EXPECT_EQ(test, hvhost_kpart_add_device(t->kp, &d), -ENOENT);
	KUNIT_EXPECT_EQ(test, hvhost_kpart_remove_device(t->kp, &d), -ENOENT);
	tpart_config(test, t, 1);

	d.type = 0;
	KUNIT_EXPECT_EQ(test, hvhost_kpart_add_device(t->kp, &d), -EINVAL);
	d.type = 99;
	KUNIT_EXPECT_EQ(test, hvhost_kpart_add_device(t->kp, &d), -EINVAL);
	d = dev_echo();
	d.flags = 1;
	KUNIT_EXPECT_EQ(test, hvhost_kpart_add_device(t->kp, &d), -EINVAL);
	d = dev_echo();
	d.reserved[39] = 1;
	KUNIT_EXPECT_EQ(test, hvhost_kpart_add_device(t->kp, &d), -EINVAL);
	d = dev_echo();
	memset(d.instance, 0, sizeof(d.instance));
	KUNIT_EXPECT_EQ(test, hvhost_kpart_add_device(t->kp, &d), -EINVAL);
	KUNIT_EXPECT_EQ(test, t->kp->part.vmbus->nr_channels, 0);

	d = dev_echo();
	KUNIT_EXPECT_EQ(test, hvhost_kpart_add_device(t->kp, &d), 0);
	KUNIT_EXPECT_EQ(test, hvhost_kpart_add_device(t->kp, &d), -EEXIST);
	KUNIT_EXPECT_EQ(test, t->kp->part.vmbus->nr_channels, 1);
	d.instance[0] ^= 0xff;
	KUNIT_EXPECT_EQ(test, hvhost_kpart_remove_device(t->kp, &d), -ENOENT);
	d = dev_echo();
	d.flags = 1;
	KUNIT_EXPECT_EQ(test, hvhost_kpart_remove_device(t->kp, &d), -EINVAL);
	d = dev_echo();
	KUNIT_EXPECT_EQ(test, hvhost_kpart_remove_device(t->kp, &d), 0);
	KUNIT_EXPECT_EQ(test, hvhost_kpart_remove_device(t->kp, &d), -ENOENT);
	/* Never offered to a guest: gone at once, the instance is free. */
	KUNIT_EXPECT_EQ(test, t->kp->part.vmbus->nr_channels, 0);
	KUNIT_EXPECT_EQ(test, hvhost_kpart_add_device(t->kp, &d), 0);
	/* Left for release(): the VMBus host frees it. */
}

/*
 * A NIC goes to the module that provides it (hvhost_net) and comes back
 * with its port; types nobody provides are refused.  The port goes with
 * REMOVE_DEVICE and with the partition.
 */
static void dev_devices_net(struct kunit *test)
{
	struct tpart *t = tpart_new(test);
	struct hvhost_device d = dev_echo();
	struct net_device *dev;
	char name[IFNAMSIZ];

	tpart_config(test, t, 1);
	d.type = 3;
	KUNIT_EXPECT_EQ(test, hvhost_kpart_add_device(t->kp, &d), -EOPNOTSUPP);
	if (!IS_ENABLED(CONFIG_HVHOST_NETVSP))
		kunit_skip(test, "no hvhost_net in this build");
	d.type = HVHOST_DEVICE_NET;
	/* The echo device's rule (reserved bytes zero) does not apply... */
	d.net.mac[0] = 0x02;
	d.net.mac[5] = 0x01;
	/* ...but the NIC's own rules do. */
	d.net.mtu = 10000;
	KUNIT_EXPECT_EQ(test, hvhost_kpart_add_device(t->kp, &d), -EINVAL);
	d.net.mtu = 0;
	KUNIT_ASSERT_EQ(test, hvhost_kpart_add_device(t->kp, &d), 0);
	KUNIT_EXPECT_NE(test, d.net.ifindex, 0);
	dev = dev_get_by_index(&init_net, d.net.ifindex);
	KUNIT_ASSERT_NOT_NULL(test, dev);
	KUNIT_EXPECT_STREQ(test, dev->name, d.net.ifname);
	dev_put(dev);
	KUNIT_EXPECT_EQ(test, t->kp->part.vmbus->nr_channels, 1);
	/* One instance, one device, whatever the type. */
	d.type = HVHOST_DEVICE_ECHO;
	memset(&d.net, 0, sizeof(d.net));
	KUNIT_EXPECT_EQ(test, hvhost_kpart_add_device(t->kp, &d), -EEXIST);

	KUNIT_EXPECT_EQ(test, hvhost_kpart_remove_device(t->kp, &d), 0);
	KUNIT_EXPECT_EQ(test, t->kp->part.vmbus->nr_channels, 0);
	KUNIT_EXPECT_EQ(test, hvhost_kpart_remove_device(t->kp, &d), -ENOENT);

	d.type = HVHOST_DEVICE_NET;
	d.net.mac[0] = 0x02;
	d.net.mac[5] = 0x02;
	KUNIT_ASSERT_EQ(test, hvhost_kpart_add_device(t->kp, &d), 0);
	strscpy(name, d.net.ifname, sizeof(name));
	kunit_release_action(test, tpart_free, t);
	KUNIT_EXPECT_NULL(test, dev_get_by_name(&init_net, name));
}

/* The guest consumed the slot (nothing pending, so no EOM). */
static void dev_slot_consume(struct hv_message *slot)
{
	WRITE_ONCE(slot->header.message_type, HV_MESSAGE_TYPE_NONE);
}

/* A hot add reaches a connected guest as an offer; removal as a rescind. */
static void dev_devices_hot_add(struct kunit *test)
{
	struct tpart *t = tpart_ready(test);
	struct hvhost_device d = dev_echo();
	struct vmbus_msg_header req = { .msgtype = CHANNELMSG_REQUESTOFFERS };
	struct hv_message *slot = tpart_slot(t, VMBUS_MESSAGE_SINT);
	const struct vmbus_msg_offer_channel *o = (const void *)slot->payload;
	const struct vmbus_msg_rescind_offer *r = (const void *)slot->payload;
	u8 class[16];
	u32 relid;

	KUNIT_ASSERT_EQ(test, tpart_contact(t, 0), HV_STATUS_SUCCESS);
	dev_slot_consume(slot);
	KUNIT_ASSERT_EQ(test, tpart_post(t, VMBUS_MESSAGE_CONNECTION_ID_4,
					 &req, sizeof(req)), HV_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, o->header.msgtype,
			CHANNELMSG_ALLOFFERS_DELIVERED);
	dev_slot_consume(slot);

	KUNIT_ASSERT_EQ(test, hvhost_kpart_add_device(t->kp, &d), 0);
	KUNIT_EXPECT_EQ(test, slot->header.message_type, HV_MESSAGE_TYPE_VMBUS);
	KUNIT_EXPECT_EQ(test, slot->header.payload_size, sizeof(*o));
	KUNIT_EXPECT_EQ(test, o->header.msgtype, CHANNELMSG_OFFERCHANNEL);
	export_guid(class, &hvhost_echo_class);
	KUNIT_EXPECT_EQ(test, memcmp(&o->offer.if_type, class, 16), 0);
	KUNIT_EXPECT_EQ(test, memcmp(&o->offer.if_instance, dev_instance, 16),
			0);
	relid = o->child_relid;
	KUNIT_EXPECT_GE(test, relid, 1);
	dev_slot_consume(slot);

	KUNIT_ASSERT_EQ(test, hvhost_kpart_remove_device(t->kp, &d), 0);
	KUNIT_EXPECT_EQ(test, r->header.msgtype,
			CHANNELMSG_RESCIND_CHANNELOFFER);
	KUNIT_EXPECT_EQ(test, r->child_relid, relid);
	/* Held until the guest releases the relid. */
	KUNIT_EXPECT_EQ(test, t->kp->part.vmbus->nr_channels, 1);
}

/* A busy slot gets PENDING; the guest's EOM (resample fd) delivers next. */
static void dev_post_busy_eom(struct kunit *test)
{
	struct tpart *t = tpart_ready(test);
	int irqfd = tefd_new(test), rsfd = tefd_new(test);
	struct vmbus_msg_header req = {
		.msgtype = CHANNELMSG_REQUESTOFFERS,
	};
	struct hv_message *slot = tpart_slot(t, VMBUS_MESSAGE_SINT);
	struct vmbus_msg_header *got = (void *)slot->payload;

	KUNIT_ASSERT_EQ(test, tpart_sint_fds(t, 0, VMBUS_MESSAGE_SINT, irqfd,
					     rsfd), 0);
	KUNIT_ASSERT_EQ(test, tpart_contact(t, 0), HV_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, tefd_count(test, irqfd), 1);

	/* The guest has not consumed VERSION_RESPONSE yet. */
	KUNIT_EXPECT_EQ(test, tpart_post(t, VMBUS_MESSAGE_CONNECTION_ID_4,
					 &req, sizeof(req)),
			HV_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, slot->header.message_flags,
			HV_MESSAGE_FLAG_PENDING);
	KUNIT_EXPECT_EQ(test, got->msgtype, CHANNELMSG_VERSION_RESPONSE);
	KUNIT_EXPECT_EQ(test, tefd_count(test, irqfd), 0);
	KUNIT_EXPECT_GE(test, atomic64_read(&t->kp->stats.msgs_busy), 1);

	/* The guest frees the slot, sees PENDING and writes EOM. */
	WRITE_ONCE(slot->header.message_type, HV_MESSAGE_TYPE_NONE);
	tefd_signal(test, rsfd);
	flush_work(&t->kp->eom_work);
	KUNIT_EXPECT_EQ(test, atomic64_read(&t->kp->stats.eoms), 1);
	KUNIT_EXPECT_EQ(test, slot->header.message_type, HV_MESSAGE_TYPE_VMBUS);
	KUNIT_EXPECT_EQ(test, slot->header.message_flags, 0);
	KUNIT_EXPECT_EQ(test, got->msgtype, CHANNELMSG_ALLOFFERS_DELIVERED);
	KUNIT_EXPECT_EQ(test, tefd_count(test, irqfd), 1);
	KUNIT_EXPECT_EQ(test, tefd_count(test, rsfd), 0);
}

/* A masked SINT gets its message but no interrupt until unmasked. */
static void dev_masked_sint(struct kunit *test)
{
	struct tpart *t = tpart_new(test);
	int irqfd = tefd_new(test);

	tpart_config(test, t, 1);
	tpart_mem(test, t);
	KUNIT_ASSERT_EQ(test, tpart_synic(t, 0, BIT(VMBUS_MESSAGE_SINT)), 0);
	KUNIT_ASSERT_EQ(test, tpart_sint_fds(t, 0, VMBUS_MESSAGE_SINT, irqfd,
					     -1), 0);
	KUNIT_EXPECT_EQ(test, tpart_contact(t, 0), HV_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, tpart_slot(t, 2)->header.message_type,
			HV_MESSAGE_TYPE_VMBUS);
	KUNIT_EXPECT_EQ(test, tefd_count(test, irqfd), 0);
	KUNIT_EXPECT_EQ(test, tpart_synic(t, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, tefd_count(test, irqfd), 1);
	/* Unmasked again with nothing new: no extra interrupt. */
	KUNIT_EXPECT_EQ(test, tpart_synic(t, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, tefd_count(test, irqfd), 0);
}

static void dev_signal_event(struct kunit *test)
{
	struct tpart *t = tpart_new(test);
	struct hvhost_signal_event e = { .conn_id = 0x10001 };
	struct hvhost_device d = dev_echo();

	tpart_config(test, t, 1);
	/* No channel has the id yet: refused, nothing for the VMM to bind. */
	KUNIT_EXPECT_EQ(test, hvhost_kpart_signal_event(t->kp, &e),
			HV_STATUS_INVALID_CONNECTION_ID);
	KUNIT_ASSERT_EQ(test, hvhost_kpart_add_device(t->kp, &d), 0);
	KUNIT_EXPECT_EQ(test, hvhost_kpart_signal_event(t->kp, &e),
			HV_STATUS_SUCCESS);
	e.conn_id = 0x10002;
	KUNIT_EXPECT_EQ(test, hvhost_kpart_signal_event(t->kp, &e),
			HV_STATUS_INVALID_CONNECTION_ID);
	e.conn_id = 0x10001;
	e.flag_number = 1;
	KUNIT_EXPECT_EQ(test, hvhost_kpart_signal_event(t->kp, &e),
			HV_STATUS_INVALID_CONNECTION_ID);
	e.flag_number = 0;
	e.conn_id = 0;
	KUNIT_EXPECT_EQ(test, hvhost_kpart_signal_event(t->kp, &e),
			HV_STATUS_INVALID_CONNECTION_ID);
	e.conn_id = HVHOST_CONN_ID_MAX + 1;
	KUNIT_EXPECT_EQ(test, hvhost_kpart_signal_event(t->kp, &e),
			HV_STATUS_INVALID_CONNECTION_ID);
	e.conn_id = 0x10001;
	e.reserved = 1;
	KUNIT_EXPECT_EQ(test, hvhost_kpart_signal_event(t->kp, &e), -EINVAL);
	KUNIT_EXPECT_EQ(test, atomic64_read(&t->kp->stats.kicks), 3);
}

/* RESET drops the SynIC pages and the connection, keeps memory and fds. */
static void dev_reset(struct kunit *test)
{
	struct tpart *t = tpart_ready(test);
	int irqfd = tefd_new(test);
	struct hvhost_post_message pm = {
		.connection_id = 4, .message_type = 1, .payload_size = 8,
	};

	KUNIT_ASSERT_EQ(test, tpart_sint_fds(t, 0, 2, irqfd, -1), 0);
	KUNIT_ASSERT_EQ(test, tpart_contact(t, 0), HV_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, t->tm.pins, 2);
	KUNIT_EXPECT_EQ(test, hvhost_kpart_reset(t->kp), 0);
	KUNIT_EXPECT_EQ(test, t->tm.pins, 0);
	KUNIT_EXPECT_EQ(test, t->tm.locked, 0);
	KUNIT_EXPECT_EQ(test, hvhost_kpart_post_message(t->kp, &pm), -ENOENT);
	KUNIT_EXPECT_EQ(test, hvhost_guestmem_check(&t->kp->part, 0, 4096), 0);
	KUNIT_EXPECT_NOT_NULL(test, rcu_access_pointer(t->kp->vps[0].irqfd[2]));
	/* The next boot negotiates afresh. */
	memset(tpart_slot(t, 2), 0, HV_MESSAGE_SIZE);
	KUNIT_ASSERT_EQ(test, tpart_synic(t, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, tpart_contact(t, 0), HV_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, tpart_slot(t, 2)->payload[8], 1);
	KUNIT_EXPECT_EQ(test, tefd_count(test, irqfd), 2);
}

/* A test VSP: counts what the VMBus host tells it. */
struct tvsp {
	atomic_t opens;
	atomic_t closes;
	atomic_t kicks;
	bool signal_back;
	int signal_err;
};

static int tvsp_open(struct hvhost_channel *ch, const u8 *userdata)
{
	struct tvsp *v = hvhost_channel_priv(ch);

	atomic_inc(&v->opens);
	return 0;
}

static void tvsp_close(struct hvhost_channel *ch)
{
	struct tvsp *v = hvhost_channel_priv(ch);

	atomic_inc(&v->closes);
}

static void tvsp_kick(struct hvhost_channel *ch)
{
	struct tvsp *v = hvhost_channel_priv(ch);

	atomic_inc(&v->kicks);
	/* A VSP that answers a kick at once, inside the eventfd wakeup. */
	if (v->signal_back)
		v->signal_err = hvhost_channel_signal(ch);
}

static const struct hvhost_vsp_ops tvsp_ops = {
	.open = tvsp_open,
	.close = tvsp_close,
	.kick = tvsp_kick,
};

/*
 * The guest takes the message in vCPU 0's SINT 2 slot: copy it out, free
 * the slot and, if the host set PENDING, write EOM (the resample fd).
 * Return the VMBus message type, or 0 if the slot was empty.
 */
static u32 tguest_take(struct kunit *test, struct tpart *t, int rsfd,
		       void *buf, size_t len)
{
	struct hv_message *slot = tpart_slot(t, VMBUS_MESSAGE_SINT);
	u8 flags;

	if (!READ_ONCE(slot->header.message_type))
		return 0;
	KUNIT_EXPECT_LE(test, slot->header.payload_size, len);
	memcpy(buf, slot->payload, min_t(size_t, len, sizeof(slot->payload)));
	flags = READ_ONCE(slot->header.message_flags);
	WRITE_ONCE(slot->header.message_type, HV_MESSAGE_TYPE_NONE);
	if (flags & HV_MESSAGE_FLAG_PENDING) {
		tefd_signal(test, rsfd);
		flush_work(&t->kp->eom_work);
	}
	return ((struct vmbus_msg_header *)buf)->msgtype;
}

/* GPADL @id over guest pages [@pfn, @pfn + @nr) in one header message. */
static int tguest_gpadl(struct tpart *t, u32 relid, u32 id, u32 pfn, u32 nr)
{
	u8 buf[HV_MESSAGE_PAYLOAD_BYTES] = {};
	struct vmbus_msg_gpadl_header *h = (void *)buf;
	struct vmbus_gpa_range *r = (void *)h->range;
	u32 i;

	h->header.msgtype = CHANNELMSG_GPADL_HEADER;
	h->child_relid = relid;
	h->gpadl = id;
	h->rangecount = 1;
	h->range_buflen = sizeof(*r) + nr * sizeof(u64);
	r->byte_count = nr * HV_PAGE_SIZE;
	for (i = 0; i < nr; i++)
		r->pfn_array[i] = pfn + i;
	return tpart_post(t, VMBUS_MESSAGE_CONNECTION_ID_4, buf,
			  sizeof(*h) + h->range_buflen);
}

/*
 * A channel through the whole transport: offer, GPADL and open pin the
 * ring through the memory backend, the guest's kick reaches the VSP via a
 * signal fd, the VSP's signal sets the relid's event flag and raises the
 * SINT, and RESET gives every pin back.
 */
static void dev_channel_flow(struct kunit *test)
{
	struct tpart *t = tpart_ready(test);
	int irqfd = tefd_new(test), rsfd = tefd_new(test);
	int sigfd = tefd_new(test);
	struct hvhost_offer_desc d = {
		.class_id = GUID_INIT(0xf8615163, 0xdf3e, 0x46c5, 0x91, 0x3f,
				      0xf2, 0xd2, 0xf9, 0x65, 0xed, 0x0e),
		.instance_id = GUID_INIT(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11),
		.chn_flags = VMBUS_CHANNEL_SERVER_SUPPORTS_GPADLS,
	};
	struct vmbus_msg_header req = {
		.msgtype = CHANNELMSG_REQUESTOFFERS,
	};
	struct vmbus_msg_open_channel open = {
		.header.msgtype = CHANNELMSG_OPENCHANNEL,
		.openid = 77,
		.ringbuffer_gpadl = 7,
		.target_vp = 0,
		.downstream_ringbuffer_pageoffset = 2,
	};
	u8 buf[HV_MESSAGE_PAYLOAD_BYTES];
	struct vmbus_msg_offer_channel *offer = (void *)buf;
	struct vmbus_msg_gpadl_created *created = (void *)buf;
	struct vmbus_msg_open_result *result = (void *)buf;
	struct hvhost_channel *ch;
	struct hvhost_info info;
	struct tvsp v = {};
	u32 relid, conn_id;

	KUNIT_ASSERT_EQ(test, tpart_sint_fds(t, 0, VMBUS_MESSAGE_SINT, irqfd,
					     rsfd), 0);
	ch = hvhost_vmbus_offer(t->kp->part.vmbus, &d, &tvsp_ops, &v);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ch);

	KUNIT_ASSERT_EQ(test, tpart_contact(t, 0), HV_STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, tguest_take(test, t, rsfd, buf, sizeof(buf)),
			CHANNELMSG_VERSION_RESPONSE);
	KUNIT_ASSERT_EQ(test, tpart_post(t, VMBUS_MESSAGE_CONNECTION_ID_4,
					 &req, sizeof(req)), HV_STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, tguest_take(test, t, rsfd, buf, sizeof(buf)),
			CHANNELMSG_OFFERCHANNEL);
	relid = offer->child_relid;
	conn_id = offer->connection_id;
	/* The connection id is where HVHOST_GET_INFO says it would be. */
	hvhost_kpart_get_info(t->kp, &info);
	KUNIT_EXPECT_EQ(test, conn_id, info.conn_id_first - 1 + relid);
	KUNIT_EXPECT_LE(test, conn_id, info.conn_id_last);
	KUNIT_ASSERT_EQ(test, tguest_take(test, t, rsfd, buf, sizeof(buf)),
			CHANNELMSG_ALLOFFERS_DELIVERED);

	/* Ring pair in guest pages 16..19: two pages per ring. */
	KUNIT_ASSERT_EQ(test, tguest_gpadl(t, relid, 7, 16, 4),
			HV_STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, tguest_take(test, t, rsfd, buf, sizeof(buf)),
			CHANNELMSG_GPADL_CREATED);
	KUNIT_EXPECT_EQ(test, created->gpadl, 7);
	KUNIT_EXPECT_EQ(test, created->creation_status, 0);
	open.child_relid = relid;
	KUNIT_ASSERT_EQ(test, tpart_post(t, VMBUS_MESSAGE_CONNECTION_ID_4,
					 &open, sizeof(open)),
			HV_STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, tguest_take(test, t, rsfd, buf, sizeof(buf)),
			CHANNELMSG_OPENCHANNEL_RESULT);
	KUNIT_EXPECT_EQ(test, result->openid, 77);
	KUNIT_EXPECT_EQ(test, result->status, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&v.opens), 1);
	/* SIMP + SIEFP + the four ring pages, all charged. */
	KUNIT_EXPECT_EQ(test, t->tm.pins, 6);
	KUNIT_EXPECT_EQ(test, t->tm.locked, 6);

	/* Guest kick: HvSignalEvent -> KVM_HYPERV_EVENTFD -> the VSP. */
	KUNIT_ASSERT_EQ(test, tpart_signal_fd(t, conn_id, sigfd), 0);
	tefd_signal(test, sigfd);
	KUNIT_EXPECT_EQ(test, atomic_read(&v.kicks), 1);

	/* Host signal: the relid's flag in SINT 2 and one interrupt. */
	tefd_count(test, irqfd);
	KUNIT_EXPECT_EQ(test, hvhost_channel_signal(ch), 0);
	KUNIT_EXPECT_TRUE(test, tpart_flags(t, VMBUS_MESSAGE_SINT)[relid / 8] &
				BIT(relid % 8));
	KUNIT_EXPECT_EQ(test, tefd_count(test, irqfd), 1);

	/*
	 * A VSP signalling from its kick runs inside the signal fd's wakeup:
	 * the interrupt is raised from raise_work instead.
	 */
	tpart_flags(t, VMBUS_MESSAGE_SINT)[relid / 8] = 0;
	v.signal_back = true;
	tefd_signal(test, sigfd);
	KUNIT_EXPECT_EQ(test, atomic_read(&v.kicks), 2);
	KUNIT_EXPECT_EQ(test, v.signal_err, 0);
	KUNIT_EXPECT_TRUE(test, tpart_flags(t, VMBUS_MESSAGE_SINT)[relid / 8] &
				BIT(relid % 8));
	flush_work(&t->kp->raise_work);
	KUNIT_EXPECT_EQ(test, tefd_count(test, irqfd), 1);
	v.signal_back = false;

	/* Reboot: channel closed, ring and SynIC pages unpinned. */
	KUNIT_EXPECT_EQ(test, hvhost_kpart_reset(t->kp), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&v.closes), 1);
	KUNIT_EXPECT_EQ(test, t->tm.pins, 0);
	KUNIT_EXPECT_EQ(test, t->tm.locked, 0);
	tefd_signal(test, sigfd);
	KUNIT_EXPECT_EQ(test, atomic_read(&v.kicks), 2);
}

static struct kunit_case dev_cases[] = {
	KUNIT_CASE(dev_ioctl_table),
	KUNIT_CASE(dev_get_info),
	KUNIT_CASE_PARAM(dev_set_partition, dev_partition_gen_params),
	KUNIT_CASE(dev_order_before_partition),
	KUNIT_CASE(dev_order_post_message),
	KUNIT_CASE_PARAM(dev_set_mem_table, dev_mem_gen_params),
	KUNIT_CASE(dev_guestmem_rw),
	KUNIT_CASE(dev_guestmem_pin),
	KUNIT_CASE(dev_set_synic_bad),
	KUNIT_CASE(dev_set_synic_pins),
	KUNIT_CASE(dev_set_synic_alias),
	KUNIT_CASE(dev_sint_fds),
	KUNIT_CASE(dev_signal_fd),
	KUNIT_CASE(dev_two_partitions),
	KUNIT_CASE(dev_post_message_status),
	KUNIT_CASE(dev_post_contact),
	KUNIT_CASE(dev_post_busy_eom),
	KUNIT_CASE(dev_masked_sint),
	KUNIT_CASE(dev_signal_event),
	KUNIT_CASE(dev_reset),
	KUNIT_CASE(dev_channel_flow),
	KUNIT_CASE(dev_devices_validation),
	KUNIT_CASE(dev_devices_hot_add),
	KUNIT_CASE(dev_devices_net),
	{}
};

static struct kunit_suite dev_suite = {
	.name = "hvhost_dev",
	.test_cases = dev_cases,
};

/*
 * Suite hvhost_dev_synic: delivery into message slots and event flags, on
 * plain kernel pages.
 */

static void synic_write_free_slot(struct kunit *test)
{
	struct hv_message *slot = kunit_kzalloc(test, sizeof(*slot),
						GFP_KERNEL);
	struct hv_message msg = {
		.header.message_type = HV_MESSAGE_TYPE_VMBUS,
		.header.payload_size = 16,
		.header.sender = 0,
	};
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, slot);
	for (i = 0; i < sizeof(msg.payload); i++)
		msg.payload[i] = i;
	/* Stale guest bytes in the header's reserved field are cleared. */
	slot->header.reserved[0] = 0xaa;
	slot->header.sender = 0x1234;
	KUNIT_EXPECT_EQ(test, hvhost_synic_write_msg(slot, &msg), 0);
	KUNIT_EXPECT_MEMEQ(test, slot, &msg, sizeof(msg));
}

static void synic_write_busy_slot(struct kunit *test)
{
	struct hv_message *slot = kunit_kzalloc(test, sizeof(*slot),
						GFP_KERNEL);
	struct hv_message msg = {
		.header.message_type = HV_MESSAGE_TYPE_VMBUS,
		.header.payload_size = 8,
		.payload = { 0xee },
	};

	KUNIT_ASSERT_NOT_NULL(test, slot);
	slot->header.message_type = 0x80000000;
	slot->payload[0] = 0x11;
	KUNIT_EXPECT_EQ(test, hvhost_synic_write_msg(slot, &msg), -EAGAIN);
	KUNIT_EXPECT_EQ(test, slot->header.message_flags,
			HV_MESSAGE_FLAG_PENDING);
	KUNIT_EXPECT_EQ(test, slot->header.message_type, 0x80000000);
	KUNIT_EXPECT_EQ(test, slot->payload[0], 0x11);
	/* Freed by the guest: the next try writes and clears PENDING. */
	slot->header.message_type = 0;
	KUNIT_EXPECT_EQ(test, hvhost_synic_write_msg(slot, &msg), 0);
	KUNIT_EXPECT_EQ(test, slot->header.message_flags, 0);
	KUNIT_EXPECT_EQ(test, slot->payload[0], 0xee);
}

static void synic_set_flag(struct kunit *test)
{
	static const u32 flags[] = { 0, 1, 7, 8, 63, 64, 1000, 2047 };
	u8 *area = kunit_kzalloc(test, HV_EVENT_FLAGS_BYTES, GFP_KERNEL);
	u8 want[HV_EVENT_FLAGS_BYTES] = {};
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, area);
	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		KUNIT_EXPECT_TRUE(test, hvhost_synic_set_flag(area, flags[i]));
		KUNIT_EXPECT_FALSE(test, hvhost_synic_set_flag(area, flags[i]));
		want[flags[i] / 8] |= 1 << (flags[i] % 8);
	}
	/* Guest byte/bit numbering: flag n is bit n % 8 of byte n / 8. */
	KUNIT_EXPECT_MEMEQ(test, area, want, sizeof(want));
}

static void synic_ops_bad_target(struct kunit *test)
{
	struct tpart *t = tpart_ready(test);
	struct hvhost_partition *p = &t->kp->part;
	struct hv_message msg = {
		.header.message_type = HV_MESSAGE_TYPE_VMBUS,
	};

	KUNIT_EXPECT_EQ(test, p->ops->post_msg(p, 2, 2, &msg), -EINVAL);
	KUNIT_EXPECT_EQ(test, p->ops->post_msg(p, 0, 16, &msg), -EINVAL);
	KUNIT_EXPECT_EQ(test, p->ops->signal_event(p, U32_MAX, 2, 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, p->ops->signal_event(p, 0, 2,
						   HV_EVENT_FLAGS_COUNT),
			-EINVAL);
	/* vCPU 1's SynIC is off. */
	KUNIT_EXPECT_EQ(test, p->ops->post_msg(p, 1, 2, &msg), -ENODEV);
	KUNIT_EXPECT_EQ(test, p->ops->signal_event(p, 1, 2, 1), -ENODEV);
	KUNIT_EXPECT_EQ(test, atomic64_read(&t->kp->stats.msgs_dropped), 1);
}

static void synic_disabled_scontrol(struct kunit *test)
{
	struct tpart *t = tpart_ready(test);
	struct hvhost_partition *p = &t->kp->part;
	struct hvhost_synic s = {
		.vp = 0,
		.simp = (TMEM_SIMP_PFN << HV_PAGE_SHIFT) | 1,
		.siefp = (TMEM_SIEFP_PFN << HV_PAGE_SHIFT) | 1,
	};
	struct hv_message msg = {
		.header.message_type = HV_MESSAGE_TYPE_VMBUS,
	};

	KUNIT_ASSERT_EQ(test, hvhost_kpart_set_synic(t->kp, &s), 0);
	KUNIT_EXPECT_EQ(test, p->ops->post_msg(p, 0, 2, &msg), -ENODEV);
	KUNIT_EXPECT_EQ(test, p->ops->signal_event(p, 0, 2, 5), -ENODEV);
	KUNIT_EXPECT_EQ(test, tpart_slot(t, 2)->header.message_type, 0);
	KUNIT_EXPECT_EQ(test, tpart_flags(t, 2)[0], 0);
}

static void synic_signal_event(struct kunit *test)
{
	struct tpart *t = tpart_ready(test);
	struct hvhost_partition *p = &t->kp->part;
	int irqfd = tefd_new(test);
	u8 want[HV_EVENT_FLAGS_BYTES] = {};
	static const u8 zero[HV_EVENT_FLAGS_BYTES];

	KUNIT_ASSERT_EQ(test, tpart_sint_fds(t, 0, 2, irqfd, -1), 0);
	KUNIT_EXPECT_EQ(test, p->ops->signal_event(p, 0, 2, 9), 0);
	KUNIT_EXPECT_EQ(test, tefd_count(test, irqfd), 1);
	/* Already set: no new interrupt. */
	KUNIT_EXPECT_EQ(test, p->ops->signal_event(p, 0, 2, 9), 0);
	KUNIT_EXPECT_EQ(test, tefd_count(test, irqfd), 0);
	want[1] = BIT(1);
	KUNIT_EXPECT_MEMEQ(test, tpart_flags(t, 2), want, sizeof(want));
	KUNIT_EXPECT_MEMEQ(test, tpart_flags(t, 1), zero, sizeof(zero));
	/* The guest clears it: the next signal interrupts again. */
	tpart_flags(t, 2)[1] = 0;
	KUNIT_EXPECT_EQ(test, p->ops->signal_event(p, 0, 2, 9), 0);
	KUNIT_EXPECT_EQ(test, tefd_count(test, irqfd), 1);
	KUNIT_EXPECT_EQ(test, atomic64_read(&t->kp->stats.events), 3);
}

/* No eventfd_signal() nested in an eventfd wakeup: deferred instead. */
static void synic_raise_deferred(struct kunit *test)
{
	struct tpart *t = tpart_ready(test);
	struct hvhost_partition *p = &t->kp->part;
	int irqfd = tefd_new(test);

	KUNIT_ASSERT_EQ(test, tpart_sint_fds(t, 0, 2, irqfd, -1), 0);
	current->in_eventfd = 1;
	KUNIT_EXPECT_EQ(test, p->ops->signal_event(p, 0, 2, 5), 0);
	KUNIT_EXPECT_EQ(test, t->kp->vps[0].deferred, BIT(2));
	current->in_eventfd = 0;
	KUNIT_EXPECT_EQ(test, tefd_count(test, irqfd), 0);
	flush_work(&t->kp->raise_work);
	KUNIT_EXPECT_EQ(test, tefd_count(test, irqfd), 1);
	KUNIT_EXPECT_EQ(test, t->kp->vps[0].deferred, 0);
}

static struct kunit_case synic_cases[] = {
	KUNIT_CASE(synic_write_free_slot),
	KUNIT_CASE(synic_write_busy_slot),
	KUNIT_CASE(synic_set_flag),
	KUNIT_CASE(synic_ops_bad_target),
	KUNIT_CASE(synic_disabled_scontrol),
	KUNIT_CASE(synic_signal_event),
	KUNIT_CASE(synic_raise_deferred),
	{}
};

static struct kunit_suite synic_suite = {
	.name = "hvhost_dev_synic",
	.test_cases = synic_cases,
};

/*
 * Suite hvhost_dev_memtable: lookups on a built table.
 */

KUNIT_DEFINE_ACTION_WRAPPER(tmt_free, hvhost_memtable_free,
			    struct hvhost_memtable *);

static struct hvhost_memtable *tmt_build(struct kunit *test)
{
	static const struct hvhost_mem_region r[] = {
		MR(0x100000, 0x10000, 0x7000000),
		MR(0, 0x2000, 0x1000000),
		MR(0x2000, 0x1000, 0x3000000),
	};
	struct hvhost_memtable *mt;

	KUNIT_ASSERT_EQ(test, hvhost_memtable_build(r, ARRAY_SIZE(r), 4, &mt),
			0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, tmt_free, mt),
			0);
	return mt;
}

static void memtable_sorted_find(struct kunit *test)
{
	struct hvhost_memtable *mt = tmt_build(test);

	KUNIT_EXPECT_EQ(test, mt->slots[0].gpa, 0);
	KUNIT_EXPECT_EQ(test, mt->slots[1].gpa, 0x2000);
	KUNIT_EXPECT_EQ(test, mt->slots[2].gpa, 0x100000);
	KUNIT_EXPECT_PTR_EQ(test, hvhost_memtable_find(mt, 0x1fff),
			    &mt->slots[0]);
	KUNIT_EXPECT_PTR_EQ(test, hvhost_memtable_find(mt, 0x2000),
			    &mt->slots[1]);
	KUNIT_EXPECT_NULL(test, hvhost_memtable_find(mt, 0x3000));
	KUNIT_EXPECT_NULL(test, hvhost_memtable_find(mt, 0xfffff));
	KUNIT_EXPECT_PTR_EQ(test, hvhost_memtable_find(mt, 0x10ffff),
			    &mt->slots[2]);
	KUNIT_EXPECT_NULL(test, hvhost_memtable_find(mt, 0x110000));
	KUNIT_EXPECT_NULL(test, hvhost_memtable_find(mt, U64_MAX));
	KUNIT_EXPECT_NULL(test, hvhost_memtable_find(NULL, 0));
}

static void memtable_check(struct kunit *test)
{
	struct hvhost_memtable *mt = tmt_build(test);

	KUNIT_EXPECT_EQ(test, hvhost_memtable_check(mt, 0, 0x3000), 0);
	KUNIT_EXPECT_EQ(test, hvhost_memtable_check(mt, 0x1ff8, 16), 0);
	KUNIT_EXPECT_EQ(test, hvhost_memtable_check(mt, 0, 0x3001), -EFAULT);
	KUNIT_EXPECT_EQ(test, hvhost_memtable_check(mt, 0x100000, 0x10000), 0);
	KUNIT_EXPECT_EQ(test, hvhost_memtable_check(mt, 0x100000, 0x10001),
			-EFAULT);
	KUNIT_EXPECT_EQ(test, hvhost_memtable_check(mt, 0x1000, U64_MAX),
			-EFAULT);
	KUNIT_EXPECT_EQ(test, hvhost_memtable_check(mt, U64_MAX, 2), -EFAULT);
	KUNIT_EXPECT_EQ(test, hvhost_memtable_check(NULL, 0, 1), -EFAULT);
}

static struct kunit_case memtable_cases[] = {
	KUNIT_CASE(memtable_sorted_find),
	KUNIT_CASE(memtable_check),
	{}
};

static struct kunit_suite memtable_suite = {
	.name = "hvhost_dev_memtable",
	.test_cases = memtable_cases,
};

kunit_test_suites(&dev_suite, &synic_suite, &memtable_suite);
