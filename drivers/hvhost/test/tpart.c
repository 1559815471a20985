// SPDX-License-Identifier: GPL-2.0-only
/*
 * The test partition: guest memory in kernel pages, a simulated SynIC.
 */
#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/bitmap.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "tpart.h"
#include "vmbus/vmbus.h"

static_assert(PAGE_SIZE == HV_PAGE_SIZE,
	      "the test partition maps one guest page to one host page");

static bool tpart_range_ok(const struct tpart *tp, u64 gpa, u64 len)
{
	u64 size = tpart_mem_bytes(tp);

	return len <= size && gpa <= size - len;
}

/* Copy between guest memory and @buf, page by page; @to_guest says which way. */
static int tpart_copy(struct tpart *tp, u64 gpa, void *buf, size_t len,
		      bool to_guest)
{
	u8 *p = buf;

	if (!tpart_range_ok(tp, gpa, len))
		return -EFAULT;

	while (len) {
		size_t off = offset_in_page(gpa);
		size_t chunk = min_t(size_t, len, PAGE_SIZE - off);
		struct page *pg = tp->pages[gpa >> PAGE_SHIFT];

		if (to_guest)
			memcpy_to_page(pg, off, p, chunk);
		else
			memcpy_from_page(p, pg, off, chunk);
		p += chunk;
		gpa += chunk;
		len -= chunk;
	}
	return 0;
}

/**
 * tpart_read() - copy from guest memory
 * @tp: the partition
 * @gpa: guest physical address
 * @buf: destination
 * @len: bytes
 *
 * Return: 0, or -EFAULT if any byte lies outside guest memory.
 */
int tpart_read(struct tpart *tp, u64 gpa, void *buf, size_t len)
{
	return tpart_copy(tp, gpa, buf, len, false);
}

/**
 * tpart_write() - copy into guest memory
 * @tp: the partition
 * @gpa: guest physical address
 * @buf: source
 * @len: bytes
 *
 * Return: 0, or -EFAULT if any byte lies outside guest memory.
 */
int tpart_write(struct tpart *tp, u64 gpa, const void *buf, size_t len)
{
	return tpart_copy(tp, gpa, (void *)buf, len, true);
}

/**
 * tpart_zero() - zero-fill guest memory
 * @tp: the partition
 * @gpa: guest physical address
 * @len: bytes
 *
 * Return: 0, or -EFAULT if any byte lies outside guest memory.
 */
int tpart_zero(struct tpart *tp, u64 gpa, size_t len)
{
	if (!tpart_range_ok(tp, gpa, len))
		return -EFAULT;

	while (len) {
		size_t off = offset_in_page(gpa);
		size_t chunk = min_t(size_t, len, PAGE_SIZE - off);

		memzero_page(tp->pages[gpa >> PAGE_SHIFT], off, chunk);
		gpa += chunk;
		len -= chunk;
	}
	return 0;
}

/**
 * tpart_ptr() - direct pointer into guest memory
 * @tp: the partition
 * @gpa: guest physical address
 * @len: bytes the caller will touch; they must lie in one page
 *
 * Return: the kernel address of @gpa, or NULL if the range leaves guest
 * memory or crosses a page boundary.
 */
void *tpart_ptr(struct tpart *tp, u64 gpa, size_t len)
{
	if (!tpart_range_ok(tp, gpa, len) ||
	    offset_in_page(gpa) + len > PAGE_SIZE)
		return NULL;
	return page_address(tp->pages[gpa >> PAGE_SHIFT]) + offset_in_page(gpa);
}

static int tp_read(struct hvhost_partition *p, u64 gpa, void *buf, size_t len)
{
	return tpart_read(to_tpart(p), gpa, buf, len);
}

static int tp_write(struct hvhost_partition *p, u64 gpa, const void *buf,
		    size_t len)
{
	return tpart_write(to_tpart(p), gpa, buf, len);
}

static int tp_check(struct hvhost_partition *p, u64 gpa, u64 len)
{
	return tpart_range_ok(to_tpart(p), gpa, len) ? 0 : -EFAULT;
}

static void tpart_count_bad(struct tpart *tp)
{
	spin_lock(&tp->lock);
	tp->stats.bad_args++;
	spin_unlock(&tp->lock);
}

static int tp_pin(struct hvhost_partition *p, const u64 *pfns, unsigned int n,
		  struct page **pages)
{
	struct tpart *tp = to_tpart(p);
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (pfns[i] >= tp->nr_pfns) {
			tpart_count_bad(tp);
			return -EFAULT;
		}
	}

	spin_lock(&tp->lock);
	if (n > tp->max_pinned || tp->stats.pinned > tp->max_pinned - n) {
		spin_unlock(&tp->lock);
		return -ENOMEM;
	}
	tp->stats.pinned += n;
	tp->stats.pins += n;
	spin_unlock(&tp->lock);

	for (i = 0; i < n; i++) {
		pages[i] = tp->pages[pfns[i]];
		get_page(pages[i]);
	}
	return 0;
}

static void tp_unpin(struct hvhost_partition *p, struct page **pages,
		     unsigned int n)
{
	struct tpart *tp = to_tpart(p);
	unsigned int i;

	for (i = 0; i < n; i++)
		put_page(pages[i]);

	spin_lock(&tp->lock);
	if (WARN_ON(tp->stats.pinned < n))
		tp->stats.pinned = 0;
	else
		tp->stats.pinned -= n;
	spin_unlock(&tp->lock);
}

static bool tpart_synic_ok(const struct tpart *tp, u32 vp, u8 sint)
{
	return vp < tp->part.nr_vps && sint < HV_SYNIC_SINT_COUNT;
}

static int tp_post_msg(struct hvhost_partition *p, u32 vp, u8 sint,
		       const struct hv_message *msg)
{
	struct tpart *tp = to_tpart(p);
	struct hv_message *slot;
	int ret = 0;

	if (!tpart_synic_ok(tp, vp, sint) ||
	    msg->header.message_type == HV_MESSAGE_TYPE_NONE ||
	    msg->header.payload_size > HV_MESSAGE_PAYLOAD_BYTES) {
		tpart_count_bad(tp);
		return -EINVAL;
	}

	spin_lock(&tp->lock);
	slot = &tp->synic[vp].simp[sint];
	if (tp->post_error) {
		ret = tp->post_error;
	} else if (slot->header.message_type != HV_MESSAGE_TYPE_NONE) {
		slot->header.message_flags |= HV_MESSAGE_FLAG_PENDING;
		tp->stats.busy++;
		ret = -EAGAIN;
	} else {
		memcpy(slot, msg, sizeof(*slot));
		/* The hypervisor owns the flags; PENDING is set only on refusal. */
		slot->header.message_flags = 0;
		tp->stats.posts++;
	}
	spin_unlock(&tp->lock);
	return ret;
}

static int tp_signal_event(struct hvhost_partition *p, u32 vp, u8 sint,
			   u32 flag)
{
	struct tpart *tp = to_tpart(p);

	if (!tpart_synic_ok(tp, vp, sint) || flag >= HV_EVENT_FLAGS_COUNT) {
		tpart_count_bad(tp);
		return -EINVAL;
	}

	set_bit(flag, tp->synic[vp].siefp[sint]);
	spin_lock(&tp->lock);
	tp->stats.signals++;
	spin_unlock(&tp->lock);
	return 0;
}

static const struct hvhost_transport_ops tpart_ops = {
	.read = tp_read,
	.write = tp_write,
	.check = tp_check,
	.pin = tp_pin,
	.unpin = tp_unpin,
	.post_msg = tp_post_msg,
	.signal_event = tp_signal_event,
};

/**
 * tpart_msg_take() - the guest consumes a message slot
 * @tp: the partition
 * @vp: virtual processor
 * @sint: SINT
 * @msg: receives a copy of the message
 *
 * Copies the slot out, clears message_type and, if the slot was marked
 * PENDING, writes EOM so the host posts its next message (possibly into
 * the slot again before this returns).
 *
 * Return: true if the slot held a message.
 */
bool tpart_msg_take(struct tpart *tp, u32 vp, u8 sint, struct hv_message *msg)
{
	struct hv_message *slot;
	bool pending;

	if (!tpart_synic_ok(tp, vp, sint))
		return false;

	spin_lock(&tp->lock);
	slot = &tp->synic[vp].simp[sint];
	if (slot->header.message_type == HV_MESSAGE_TYPE_NONE) {
		spin_unlock(&tp->lock);
		return false;
	}
	memcpy(msg, slot, sizeof(*msg));
	pending = slot->header.message_flags & HV_MESSAGE_FLAG_PENDING;
	memset(slot, 0, sizeof(*slot));
	spin_unlock(&tp->lock);

	if (pending)
		tpart_eom(tp);
	return true;
}

/**
 * tpart_msg_slot() - raw access to a message slot, for hostile guests
 * @tp: the partition
 * @vp: virtual processor
 * @sint: SINT
 *
 * Return: the slot, or NULL for an out-of-range @vp or @sint.  The caller
 * serialises against posts itself (tests are single threaded).
 */
struct hv_message *tpart_msg_slot(struct tpart *tp, u32 vp, u8 sint)
{
	if (!tpart_synic_ok(tp, vp, sint))
		return NULL;
	return &tp->synic[vp].simp[sint];
}

/**
 * tpart_eom() - the guest writes the EOM register
 * @tp: the partition
 */
void tpart_eom(struct tpart *tp)
{
	spin_lock(&tp->lock);
	tp->stats.eoms++;
	spin_unlock(&tp->lock);

	if (tp->part.vmbus)
		hvhost_vmbus_msg_slot_free(tp->part.vmbus);
}

/**
 * tpart_event_take() - find and clear one set event flag
 * @tp: the partition
 * @vp: virtual processor
 * @sint: SINT
 *
 * Return: the flag number, or -ENOENT if none is set.
 */
int tpart_event_take(struct tpart *tp, u32 vp, u8 sint)
{
	unsigned long *flags;
	unsigned long bit;

	if (!tpart_synic_ok(tp, vp, sint))
		return -ENOENT;

	flags = tp->synic[vp].siefp[sint];
	for (bit = find_first_bit(flags, HV_EVENT_FLAGS_COUNT);
	     bit < HV_EVENT_FLAGS_COUNT;
	     bit = find_next_bit(flags, HV_EVENT_FLAGS_COUNT, bit + 1)) {
		if (test_and_clear_bit(bit, flags))
			return bit;
	}
	return -ENOENT;
}

/**
 * tpart_event_test() - is an event flag set
 * @tp: the partition
 * @vp: virtual processor
 * @sint: SINT
 * @flag: flag number
 *
 * Return: true if the flag is set; it stays set.
 */
bool tpart_event_test(struct tpart *tp, u32 vp, u8 sint, u32 flag)
{
	if (!tpart_synic_ok(tp, vp, sint) || flag >= HV_EVENT_FLAGS_COUNT)
		return false;
	return test_bit(flag, tp->synic[vp].siefp[sint]);
}

/**
 * tpart_stats() - a snapshot of the counters
 * @tp: the partition
 *
 * Return: the counters.
 */
struct tpart_stats tpart_stats(struct tpart *tp)
{
	struct tpart_stats s;

	spin_lock(&tp->lock);
	s = tp->stats;
	spin_unlock(&tp->lock);
	return s;
}

static void tpart_free_pages(struct tpart *tp)
{
	u64 i;

	for (i = 0; i < tp->nr_pfns; i++) {
		if (!tp->pages[i])
			continue;
		clear_highpage(tp->pages[i]);
		__free_page(tp->pages[i]);
	}
	kvfree(tp->pages);
}

/**
 * tpart_create() - make a test partition
 * @mem_bytes: guest memory size, rounded up to whole pages
 * @nr_vps: virtual processors (at least 1)
 *
 * Return: the partition with zeroed memory and SynICs and no VMBus host,
 * or NULL.
 */
struct tpart *tpart_create(u64 mem_bytes, u32 nr_vps)
{
	struct tpart *tp;
	u64 i;

	if (!nr_vps || !mem_bytes || mem_bytes > (4ULL << 30))
		return NULL;

	tp = kzalloc(sizeof(*tp), GFP_KERNEL);
	if (!tp)
		return NULL;
	spin_lock_init(&tp->lock);
	tp->part.ops = &tpart_ops;
	tp->part.nr_vps = nr_vps;
	tp->part.priv = tp;
	tp->nr_pfns = DIV_ROUND_UP_ULL(mem_bytes, PAGE_SIZE);
	tp->max_pinned = tp->nr_pfns;

	tp->synic = kvcalloc(nr_vps, sizeof(*tp->synic), GFP_KERNEL);
	if (!tp->synic)
		goto err_free_tp;
	tp->pages = kvcalloc(tp->nr_pfns, sizeof(*tp->pages), GFP_KERNEL);
	if (!tp->pages)
		goto err_free_synic;
	for (i = 0; i < tp->nr_pfns; i++) {
		tp->pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!tp->pages[i])
			goto err_free_pages;
	}
	return tp;

err_free_pages:
	tpart_free_pages(tp);
err_free_synic:
	kvfree(tp->synic);
err_free_tp:
	kfree(tp);
	return NULL;
}

/**
 * tpart_attach_vmbus() - create the VMBus host serving the partition
 * @tp: the partition
 *
 * Return: 0 or -ENOMEM.
 */
int tpart_attach_vmbus(struct tpart *tp)
{
	tp->part.vmbus = hvhost_vmbus_create(&tp->part);
	return tp->part.vmbus ? 0 : -ENOMEM;
}

/**
 * tpart_destroy() - destroy the VMBus host, then the partition
 * @tp: the partition, or NULL
 *
 * Every page is zero-filled before it is freed.
 */
void tpart_destroy(struct tpart *tp)
{
	if (!tp)
		return;
	if (tp->part.vmbus) {
		hvhost_vmbus_destroy(tp->part.vmbus);
		tp->part.vmbus = NULL;
	}
	WARN_ON(tp->stats.pinned);
	tpart_free_pages(tp);
	memset(tp->synic, 0, tp->part.nr_vps * sizeof(*tp->synic));
	kvfree(tp->synic);
	kfree_sensitive(tp);
}

KUNIT_DEFINE_ACTION_WRAPPER(tpart_destroy_action, tpart_destroy, struct tpart *);

/**
 * tpart_create_kunit() - a test partition with a VMBus host, freed with @test
 * @test: the test
 * @mem_bytes: guest memory size
 * @nr_vps: virtual processors
 *
 * Fails the test if anything cannot be created.
 *
 * Return: the partition.
 */
struct tpart *tpart_create_kunit(struct kunit *test, u64 mem_bytes,
				 u32 nr_vps)
{
	struct tpart *tp = tpart_create(mem_bytes, nr_vps);

	KUNIT_ASSERT_NOT_NULL(test, tp);
	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, tpart_destroy_action, tp));
	KUNIT_ASSERT_EQ(test, 0, tpart_attach_vmbus(tp));
	return tp;
}
