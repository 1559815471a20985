// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit only: a capture transport for the connection and channel suites.
 */
#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/string.h>

#include "connection.h"
#include "test_capture.h"

static struct cap *to_cap(struct hvhost_partition *p)
{
	return container_of(p, struct cap, p);
}

static int cap_check(struct hvhost_partition *p, u64 gpa, u64 len)
{
	u64 size = (u64)CAP_GUEST_PAGES * HV_PAGE_SIZE;

	if (gpa >= size || len > size - gpa)
		return -EFAULT;
	return 0;
}

static int cap_pin(struct hvhost_partition *p, const u64 *pfns,
		   unsigned int n, struct page **pages)
{
	struct cap *c = to_cap(p);
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (pfns[i] >= CAP_GUEST_PAGES)
			return -EFAULT;
		pages[i] = c->pages[pfns[i]];
	}
	c->pinned += n;
	return 0;
}

static void cap_unpin(struct hvhost_partition *p, struct page **pages,
		      unsigned int n)
{
	to_cap(p)->pinned -= n;
}

static int cap_post_msg(struct hvhost_partition *p, u32 vp, u8 sint,
			const struct hv_message *msg)
{
	struct cap *c = to_cap(p);

	c->posts++;
	KUNIT_EXPECT_EQ(c->test, sint, VMBUS_MESSAGE_SINT);
	if (c->busy)
		return -EAGAIN;
	if (c->n >= CAP_MAX_MSGS)
		return -ENOSPC;
	c->msgs[c->n] = *msg;
	c->vps[c->n] = vp;
	c->n++;
	return 0;
}

static int cap_signal_event(struct hvhost_partition *p, u32 vp, u8 sint,
			    u32 flag)
{
	struct cap *c = to_cap(p);

	if (c->nr_sigs < CAP_MAX_SIGNALS) {
		c->sig_vp[c->nr_sigs] = vp;
		c->sig_sint[c->nr_sigs] = sint;
		c->sig_flag[c->nr_sigs] = flag;
	}
	c->nr_sigs++;
	return 0;
}

static const struct hvhost_transport_ops cap_ops = {
	.check = cap_check,
	.pin = cap_pin,
	.unpin = cap_unpin,
	.post_msg = cap_post_msg,
	.signal_event = cap_signal_event,
};

static void cap_destroy(void *data)
{
	struct cap *c = data;
	unsigned int i;

	hvhost_vmbus_destroy(c->vb);
	KUNIT_EXPECT_EQ(c->test, c->pinned, 0);
	for (i = 0; i < CAP_GUEST_PAGES; i++)
		if (c->pages[i])
			__free_page(c->pages[i]);
	kvfree(c);
}

/* A partition of CAP_NR_VPS VPs and CAP_GUEST_PAGES pages, torn down at exit. */
struct cap *cap_create(struct kunit *test)
{
	struct cap *c = kvzalloc(sizeof(*c), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, c);
	c->test = test;
	c->p.ops = &cap_ops;
	c->p.nr_vps = CAP_NR_VPS;
	for (i = 0; i < CAP_GUEST_PAGES; i++) {
		c->pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!c->pages[i])
			break;
	}
	c->vb = hvhost_vmbus_create(&c->p);
	c->p.vmbus = c->vb;
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, cap_destroy, c), 0);
	KUNIT_ASSERT_EQ(test, i, CAP_GUEST_PAGES);
	KUNIT_ASSERT_NOT_NULL(test, c->vb);
	return c;
}

void *cap_guest_page(struct cap *c, u32 pfn)
{
	return page_address(c->pages[pfn]);
}

u16 cap_post(struct cap *c, u32 conn_id, const void *msg, u32 size)
{
	return hvhost_vmbus_post_message(c->vb, conn_id, HV_MESSAGE_TYPE_VMBUS,
					 msg, size);
}

/* Post on the negotiated connection id and expect the hypercall to succeed. */
u16 cap_post_ok(struct cap *c, const void *msg, u32 size)
{
	u16 status = cap_post(c, c->vb->msg_conn_id, msg, size);

	KUNIT_EXPECT_EQ(c->test, status, HV_STATUS_SUCCESS);
	return status;
}

const struct hv_message *cap_next(struct cap *c)
{
	if (c->seen >= c->n)
		return NULL;
	return &c->msgs[c->seen++];
}

/*
 * The next message must be exactly @msg: type, payload size, payload bytes,
 * zeroes after the payload, and target VP @vp.
 */
void cap_expect_msg_vp(struct cap *c, u32 vp, const void *msg, u32 size)
{
	static const u8 zero[HV_MESSAGE_PAYLOAD_BYTES];
	struct kunit *test = c->test;
	const struct hv_message *m = cap_next(c);

	KUNIT_ASSERT_NOT_NULL_MSG(test, m, "expected message type %u",
				  *(const u32 *)msg);
	KUNIT_EXPECT_EQ(test, c->vps[c->seen - 1], vp);
	KUNIT_EXPECT_EQ(test, m->header.message_type, HV_MESSAGE_TYPE_VMBUS);
	KUNIT_EXPECT_EQ(test, m->header.payload_size, size);
	KUNIT_EXPECT_EQ(test, m->header.message_flags, 0);
	KUNIT_EXPECT_EQ(test, m->header.sender, 0);
	KUNIT_EXPECT_MEMEQ(test, m->payload, msg, size);
	KUNIT_EXPECT_MEMEQ(test, m->payload + size, zero,
			   HV_MESSAGE_PAYLOAD_BYTES - size);
}

void cap_expect_msg(struct cap *c, const void *msg, u32 size)
{
	cap_expect_msg_vp(c, c->vb->target_vcpu, msg, size);
}

void cap_expect_none(struct cap *c)
{
	const struct hv_message *m = cap_next(c);

	KUNIT_EXPECT_NULL_MSG(c->test, m, "unexpected message type %u",
			      m ? *(const u32 *)m->payload : 0);
}

/* Negotiate @version from VP 1 and consume the VERSION_RESPONSE. */
void cap_connect(struct cap *c, u32 version)
{
	struct vmbus_msg_initiate_contact m = {
		.header.msgtype = CHANNELMSG_INITIATE_CONTACT,
		.vmbus_version_requested = version,
		.target_vcpu = 1,
		.monitor_page1 = 2 * HV_PAGE_SIZE,
		.monitor_page2 = 3 * HV_PAGE_SIZE,
	};
	bool v5 = version >= VMBUS_VERSION_WIN10_V5;
	struct vmbus_msg_version_response r = {
		.header.msgtype = CHANNELMSG_VERSION_RESPONSE,
		.version_supported = 1,
		.msg_conn_id = v5 ? HVHOST_VMBUS_MSG_CONN_ID : 0,
	};

	if (v5)
		m.msg_sint = VMBUS_MESSAGE_SINT;
	else
		m.interrupt_page = HV_PAGE_SIZE;
	KUNIT_ASSERT_EQ(c->test, cap_post(c, v5 ? 4 : 1, &m, sizeof(m)),
			HV_STATUS_SUCCESS);
	cap_expect_msg_vp(c, 1, &r, sizeof(r));
}

/* REQUESTOFFERS: skip @nr_offers offers and expect ALLOFFERS_DELIVERED. */
void cap_request_offers(struct cap *c, unsigned int nr_offers)
{
	struct vmbus_msg_header m = { .msgtype = CHANNELMSG_REQUESTOFFERS };
	struct vmbus_msg_header done = {
		.msgtype = CHANNELMSG_ALLOFFERS_DELIVERED,
	};
	unsigned int i;

	cap_post_ok(c, &m, sizeof(m));
	for (i = 0; i < nr_offers; i++) {
		const struct hv_message *o = cap_next(c);

		KUNIT_ASSERT_NOT_NULL(c->test, o);
		KUNIT_EXPECT_EQ(c->test, *(const u32 *)o->payload,
				CHANNELMSG_OFFERCHANNEL);
	}
	cap_expect_msg(c, &done, sizeof(done));
}

/*
 * A one-range GPADL of @nr pages from @first_pfn for channel @relid, in a
 * header and as many bodies as needed; GPADL_CREATED(0) is consumed.
 */
void cap_gpadl(struct cap *c, u32 relid, u32 id, u32 first_pfn, u32 nr)
{
	u8 buf[HV_MESSAGE_PAYLOAD_BYTES] = {};
	struct vmbus_msg_gpadl_header *h = (void *)buf;
	struct vmbus_msg_gpadl_body *b = (void *)buf;
	struct vmbus_gpa_range *r = (void *)h->range;
	struct vmbus_msg_gpadl_created created = {
		.header.msgtype = CHANNELMSG_GPADL_CREATED,
		.child_relid = relid,
		.gpadl = id,
	};
	u32 i, n, done;

	h->header.msgtype = CHANNELMSG_GPADL_HEADER;
	h->child_relid = relid;
	h->gpadl = id;
	h->rangecount = 1;
	h->range_buflen = sizeof(*r) + nr * sizeof(u64);
	r->byte_count = nr * HV_PAGE_SIZE;
	n = min_t(u32, nr, VMBUS_GPADL_HEADER_MAX_PFNS);
	for (i = 0; i < n; i++)
		r->pfn_array[i] = first_pfn + i;
	cap_post_ok(c, buf, sizeof(*h) + sizeof(*r) + n * sizeof(u64));
	for (done = n; done < nr; done += n) {
		memset(buf, 0, sizeof(buf));
		b->header.msgtype = CHANNELMSG_GPADL_BODY;
		b->gpadl = id;
		n = min_t(u32, nr - done, VMBUS_GPADL_BODY_MAX_PFNS);
		for (i = 0; i < n; i++)
			b->pfn[i] = first_pfn + done + i;
		cap_post_ok(c, buf, sizeof(*b) + n * sizeof(u64));
	}
	cap_expect_msg(c, &created, sizeof(created));
}
