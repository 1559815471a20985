// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: the VMBus connection - hypercall checks, version negotiation,
 * dispatch in every connection state, unload, reset and the outgoing
 * queue, asserted on the exact bytes the guest would receive.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "connection.h"
#include "test_capture.h"

static const struct vmbus_msg_header conn_requestoffers = {
	.msgtype = CHANNELMSG_REQUESTOFFERS,
};

static const struct vmbus_msg_header conn_alloffers = {
	.msgtype = CHANNELMSG_ALLOFFERS_DELIVERED,
};

static struct vmbus_msg_version_response conn_refusal(void)
{
	return (struct vmbus_msg_version_response) {
		.header.msgtype = CHANNELMSG_VERSION_RESPONSE,
		.version_supported = 0,
		.connection_state = HVHOST_VMBUS_CONN_FAILED,
	};
}

static struct vmbus_msg_initiate_contact conn_contact(u32 version)
{
	struct vmbus_msg_initiate_contact m = {
		.header.msgtype = CHANNELMSG_INITIATE_CONTACT,
		.vmbus_version_requested = version,
		.target_vcpu = 1,
		.monitor_page1 = 2 * HV_PAGE_SIZE,
		.monitor_page2 = 3 * HV_PAGE_SIZE,
	};

	if (version >= VMBUS_VERSION_WIN10_V5)
		m.msg_sint = VMBUS_MESSAGE_SINT;
	else
		m.interrupt_page = HV_PAGE_SIZE;
	return m;
}

static u32 conn_contact_id(u32 version)
{
	return version >= VMBUS_VERSION_WIN10_V5 ? 4 : 1;
}

struct conn_version_case {
	const char *name;
	u32 version;
	bool supported;
};

static const struct conn_version_case conn_version_cases[] = {
	{ "0.13", VMBUS_VERSION(0, 13), false },
	{ "1.1", VMBUS_VERSION(1, 1), false },
	{ "2.4", VMBUS_VERSION_WIN8, true },
	{ "3.0", VMBUS_VERSION_WIN8_1, true },
	{ "4.0", VMBUS_VERSION_WIN10, true },
	{ "4.1", VMBUS_VERSION_WIN10_V4_1, true },
	{ "4.2", VMBUS_VERSION(4, 2), false },
	{ "5.0", VMBUS_VERSION_WIN10_V5, true },
	{ "5.1", VMBUS_VERSION_WIN10_V5_1, true },
	{ "5.2", VMBUS_VERSION_WIN10_V5_2, true },
	{ "5.3", VMBUS_VERSION_WIN10_V5_3, true },
	{ "5.4", VMBUS_VERSION(5, 4), false },
	{ "6.0", VMBUS_VERSION(6, 0), false },
	{ "ffff.ffff", 0xffffffff, false },
};

static void conn_version_desc(const struct conn_version_case *t, char *desc)
{
	strscpy(desc, t->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(conn_version, conn_version_cases, conn_version_desc);

/* Each version gets exactly its answer, on the connection id it needs. */
static void conn_negotiate(struct kunit *test)
{
	const struct conn_version_case *t = test->param_value;
	struct vmbus_msg_initiate_contact m = conn_contact(t->version);
	struct vmbus_msg_version_response r = conn_refusal();
	bool v5 = t->version >= VMBUS_VERSION_WIN10_V5;
	struct cap *c = cap_create(test);

	KUNIT_EXPECT_EQ(test, cap_post(c, conn_contact_id(t->version), &m,
				       sizeof(m)), HV_STATUS_SUCCESS);
	if (t->supported) {
		r.version_supported = 1;
		r.connection_state = HVHOST_VMBUS_CONN_OK;
		r.msg_conn_id = v5 ? HVHOST_VMBUS_MSG_CONN_ID : 0;
	}
	cap_expect_msg_vp(c, 1, &r, sizeof(r));
	cap_expect_none(c);
	KUNIT_EXPECT_EQ(test, c->vb->state, t->supported ?
			HVHOST_CONN_CONNECTED : HVHOST_CONN_DISCONNECTED);
	if (!t->supported)
		return;
	KUNIT_EXPECT_EQ(test, c->vb->version, t->version);
	KUNIT_EXPECT_EQ(test, c->vb->target_vcpu, 1);
	KUNIT_EXPECT_EQ(test, c->vb->msg_conn_id, v5 ? 4 : 1);
	KUNIT_EXPECT_EQ(test, c->vb->interrupt_page, v5 ? 0 : HV_PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, c->vb->monitor_page1, 2 * HV_PAGE_SIZE);
	/* The negotiated id works afterwards. */
	KUNIT_EXPECT_EQ(test, cap_post(c, v5 ? 4 : 1, &conn_requestoffers,
				       sizeof(conn_requestoffers)),
			HV_STATUS_SUCCESS);
	cap_expect_msg_vp(c, 1, &conn_alloffers, sizeof(conn_alloffers));
}

/* The Linux guest's fallback: 5.3 refused, then 5.2 ... all on time. */
static void conn_negotiate_fallback(struct kunit *test)
{
	struct vmbus_msg_initiate_contact m = conn_contact(VMBUS_VERSION(5, 4));
	struct vmbus_msg_version_response r = conn_refusal();
	struct cap *c = cap_create(test);

	cap_post(c, 4, &m, sizeof(m));
	cap_expect_msg_vp(c, 1, &r, sizeof(r));
	m = conn_contact(VMBUS_VERSION_WIN10_V5_2);
	cap_post(c, 4, &m, sizeof(m));
	r.version_supported = 1;
	r.connection_state = 0;
	r.msg_conn_id = HVHOST_VMBUS_MSG_CONN_ID;
	cap_expect_msg_vp(c, 1, &r, sizeof(r));
	KUNIT_EXPECT_EQ(test, c->vb->version, VMBUS_VERSION_WIN10_V5_2);
}

struct conn_bad_contact_case {
	const char *name;
	u32 version;
	u32 target_vcpu;
	u8 msg_sint;
	u8 msg_vtl;
	u64 interrupt_page;
	u64 monitor_page1;
	u64 monitor_page2;
	u32 reply_vp;
};

#define CAP_END_GPA	((u64)CAP_GUEST_PAGES * HV_PAGE_SIZE)

static const struct conn_bad_contact_case conn_bad_contact_cases[] = {
	{ "vcpu-out-of-range", VMBUS_VERSION_WIN10_V5_3, CAP_NR_VPS, 2, 0,
	  0, 0, 0, 0 },
	{ "vcpu-huge", VMBUS_VERSION_WIN10, 0xffffffff, 0, 0,
	  HV_PAGE_SIZE, 0, 0, 0 },
	{ "sint-not-2", VMBUS_VERSION_WIN10_V5, 1, 3, 0, 0, 0, 0, 1 },
	{ "vtl-not-0", VMBUS_VERSION_WIN10_V5_3, 1, 2, 2, 0, 0, 0, 1 },
	{ "monitor1-outside", VMBUS_VERSION_WIN10_V5_3, 2, 2, 0,
	  0, CAP_END_GPA, 0, 2 },
	{ "monitor2-outside", VMBUS_VERSION_WIN10_V5_3, 2, 2, 0,
	  0, 0, CAP_END_GPA + HV_PAGE_SIZE, 2 },
	{ "monitor-unaligned", VMBUS_VERSION_WIN10_V5_3, 3, 2, 0,
	  0, HV_PAGE_SIZE + 8, 0, 3 },
	{ "monitor-wraps", VMBUS_VERSION_WIN10_V5_3, 3, 2, 0,
	  0, 0xfffffffffffff000ULL, 0, 3 },
	{ "intpage-outside", VMBUS_VERSION_WIN10_V4_1, 1, 0, 0,
	  CAP_END_GPA, 0, 0, 1 },
	{ "intpage-unaligned", VMBUS_VERSION_WIN8, 1, 0, 0, 100, 0, 0, 1 },
};

static void conn_bad_contact_desc(const struct conn_bad_contact_case *t,
				  char *desc)
{
	strscpy(desc, t->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(conn_bad_contact, conn_bad_contact_cases,
		  conn_bad_contact_desc);

/* A supported version with a bad field is refused, to the VP it names if valid. */
static void conn_contact_invalid(struct kunit *test)
{
	const struct conn_bad_contact_case *t = test->param_value;
	struct vmbus_msg_version_response r = conn_refusal();
	struct vmbus_msg_initiate_contact m = {
		.header.msgtype = CHANNELMSG_INITIATE_CONTACT,
		.vmbus_version_requested = t->version,
		.target_vcpu = t->target_vcpu,
		.monitor_page1 = t->monitor_page1,
		.monitor_page2 = t->monitor_page2,
	};
	struct cap *c = cap_create(test);

	if (t->version >= VMBUS_VERSION_WIN10_V5) {
		m.msg_sint = t->msg_sint;
		m.msg_vtl = t->msg_vtl;
	} else {
		m.interrupt_page = t->interrupt_page;
	}
	KUNIT_EXPECT_EQ(test, cap_post(c, conn_contact_id(t->version), &m,
				       sizeof(m)), HV_STATUS_SUCCESS);
	cap_expect_msg_vp(c, t->reply_vp, &r, sizeof(r));
	cap_expect_none(c);
	KUNIT_EXPECT_EQ(test, c->vb->state, HVHOST_CONN_DISCONNECTED);
}

/* INITIATE_CONTACT on the wrong connection id fails the hypercall. */
static void conn_contact_wrong_conn_id(struct kunit *test)
{
	struct vmbus_msg_initiate_contact v5 = conn_contact(VMBUS_VERSION_WIN10_V5);
	struct vmbus_msg_initiate_contact v4 = conn_contact(VMBUS_VERSION_WIN10);
	struct cap *c = cap_create(test);

	KUNIT_EXPECT_EQ(test, cap_post(c, 1, &v5, sizeof(v5)),
			HV_STATUS_INVALID_CONNECTION_ID);
	KUNIT_EXPECT_EQ(test, cap_post(c, 4, &v4, sizeof(v4)),
			HV_STATUS_INVALID_CONNECTION_ID);
	KUNIT_EXPECT_EQ(test, cap_post(c, 2, &v5, sizeof(v5)),
			HV_STATUS_INVALID_CONNECTION_ID);
	KUNIT_EXPECT_EQ(test, cap_post(c, 0x10001, &v4, sizeof(v4)),
			HV_STATUS_INVALID_CONNECTION_ID);
	cap_expect_none(c);
	KUNIT_EXPECT_EQ(test, c->vb->state, HVHOST_CONN_DISCONNECTED);
}

/* While connected INITIATE_CONTACT is refused and nothing changes. */
static void conn_contact_while_connected(struct kunit *test)
{
	struct vmbus_msg_initiate_contact m = conn_contact(VMBUS_VERSION_WIN10_V5_3);
	struct vmbus_msg_version_response r = conn_refusal();
	struct cap *c = cap_create(test);

	cap_connect(c, VMBUS_VERSION_WIN10_V5_2);
	m.target_vcpu = 3;
	KUNIT_EXPECT_EQ(test, cap_post(c, 4, &m, sizeof(m)), HV_STATUS_SUCCESS);
	cap_expect_msg_vp(c, 3, &r, sizeof(r));
	cap_expect_none(c);
	KUNIT_EXPECT_EQ(test, c->vb->state, HVHOST_CONN_CONNECTED);
	KUNIT_EXPECT_EQ(test, c->vb->version, VMBUS_VERSION_WIN10_V5_2);
	KUNIT_EXPECT_EQ(test, c->vb->target_vcpu, 1);
}

/* A short INITIATE_CONTACT is refused, to its target VP if it has one. */
static void conn_contact_short(struct kunit *test)
{
	struct vmbus_msg_initiate_contact m = conn_contact(VMBUS_VERSION_WIN8);
	struct vmbus_msg_version_response r = conn_refusal();
	struct cap *c = cap_create(test);

	KUNIT_EXPECT_EQ(test, cap_post(c, 1, &m, 39), HV_STATUS_SUCCESS);
	cap_expect_msg_vp(c, 1, &r, sizeof(r));
	/* Cut before target_vcpu: it reads 0. */
	KUNIT_EXPECT_EQ(test, cap_post(c, 1, &m, 12), HV_STATUS_SUCCESS);
	cap_expect_msg_vp(c, 0, &r, sizeof(r));
	/* Cut inside the version: any connection id the bus knows. */
	KUNIT_EXPECT_EQ(test, cap_post(c, 4, &m, 10), HV_STATUS_SUCCESS);
	cap_expect_msg_vp(c, 0, &r, sizeof(r));
	cap_expect_none(c);
	KUNIT_EXPECT_EQ(test, c->vb->state, HVHOST_CONN_DISCONNECTED);
}

/* Hypercall-level checks: type, size. */
static void conn_post_params(struct kunit *test)
{
	struct vmbus_msg_initiate_contact m = conn_contact(VMBUS_VERSION_WIN10);
	u8 big[HV_MESSAGE_PAYLOAD_BYTES + 1] = {};
	struct cap *c = cap_create(test);

	memcpy(big, &m, sizeof(m));
	KUNIT_EXPECT_EQ(test, hvhost_vmbus_post_message(c->vb, 1, 0, &m, sizeof(m)),
			HV_STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, hvhost_vmbus_post_message(c->vb, 1, 2, &m, sizeof(m)),
			HV_STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, cap_post(c, 1, &m, 0), HV_STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, cap_post(c, 1, &m, 7), HV_STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, cap_post(c, 1, big, sizeof(big)),
			HV_STATUS_INVALID_PARAMETER);
	cap_expect_none(c);
	/* 240 bytes are fine: trailing bytes are ignored. */
	KUNIT_EXPECT_EQ(test, cap_post(c, 1, big, HV_MESSAGE_PAYLOAD_BYTES),
			HV_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, c->vb->state, HVHOST_CONN_CONNECTED);
}

/* After negotiation only the negotiated id is accepted (but contact). */
static void conn_post_wrong_conn_id(struct kunit *test)
{
	struct cap *c = cap_create(test);

	cap_connect(c, VMBUS_VERSION_WIN10_V5_3);
	KUNIT_EXPECT_EQ(test, cap_post(c, 1, &conn_requestoffers,
				       sizeof(conn_requestoffers)),
			HV_STATUS_INVALID_CONNECTION_ID);
	KUNIT_EXPECT_EQ(test, cap_post(c, 2, &conn_requestoffers,
				       sizeof(conn_requestoffers)),
			HV_STATUS_INVALID_CONNECTION_ID);
	cap_expect_none(c);
	KUNIT_EXPECT_FALSE(test, c->vb->offers_requested);
}

/* A full message of every guest-sent type with plausible fields. */
static u32 conn_fill(u32 type, u8 *buf)
{
	struct vmbus_msg_header *h = (void *)buf;

	memset(buf, 0, HV_MESSAGE_PAYLOAD_BYTES);
	h->msgtype = type;
	switch (type) {
	case CHANNELMSG_OPENCHANNEL: {
		struct vmbus_msg_open_channel *m = (void *)buf;

		m->child_relid = 7;
		m->openid = 7;
		m->ringbuffer_gpadl = 0xe1e10;
		m->downstream_ringbuffer_pageoffset = 2;
		return sizeof(*m);
	}
	case CHANNELMSG_CLOSECHANNEL:
		((struct vmbus_msg_close_channel *)buf)->child_relid = 7;
		return sizeof(struct vmbus_msg_close_channel);
	case CHANNELMSG_GPADL_HEADER: {
		struct vmbus_msg_gpadl_header *m = (void *)buf;
		struct vmbus_gpa_range *r = (void *)m->range;

		m->child_relid = 7;
		m->gpadl = 0xe1e10;
		m->rangecount = 1;
		m->range_buflen = sizeof(*r) + sizeof(u64);
		r->byte_count = HV_PAGE_SIZE;
		r->pfn_array[0] = 1;
		return sizeof(*m) + sizeof(*r) + sizeof(u64);
	}
	case CHANNELMSG_GPADL_BODY: {
		struct vmbus_msg_gpadl_body *m = (void *)buf;

		m->gpadl = 0xe1e10;
		m->pfn[0] = 1;
		return sizeof(*m) + sizeof(u64);
	}
	case CHANNELMSG_GPADL_TEARDOWN:
		((struct vmbus_msg_gpadl_teardown *)buf)->child_relid = 7;
		((struct vmbus_msg_gpadl_teardown *)buf)->gpadl = 0xe1e10;
		return sizeof(struct vmbus_msg_gpadl_teardown);
	case CHANNELMSG_RELID_RELEASED:
		((struct vmbus_msg_relid_released *)buf)->child_relid = 7;
		return sizeof(struct vmbus_msg_relid_released);
	case CHANNELMSG_MODIFYCHANNEL:
		((struct vmbus_msg_modify_channel *)buf)->child_relid = 7;
		return sizeof(struct vmbus_msg_modify_channel);
	case CHANNELMSG_TL_CONNECT_REQUEST:
		return sizeof(struct vmbus_msg_tl_connect_request);
	default:
		return sizeof(*h);
	}
}

/* Before contact nothing but INITIATE_CONTACT is served, and silently. */
static void conn_disconnected_drops(struct kunit *test)
{
	u8 buf[HV_MESSAGE_PAYLOAD_BYTES];
	struct cap *c = cap_create(test);
	u32 type, size, dropped = 0;

	for (type = 0; type < CHANNELMSG_COUNT + 2; type++) {
		if (type == CHANNELMSG_INITIATE_CONTACT)
			continue;
		size = conn_fill(type, buf);
		KUNIT_EXPECT_EQ(test, cap_post(c, 1, buf, size),
				HV_STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, cap_post(c, 4, buf, size),
				HV_STATUS_SUCCESS);
		dropped += 2;
	}
	cap_expect_none(c);
	KUNIT_EXPECT_EQ(test, c->vb->bad_msgs, dropped);
	KUNIT_EXPECT_EQ(test, c->vb->state, HVHOST_CONN_DISCONNECTED);
}

/* Host-to-guest and unknown types are dropped while connected too. */
static void conn_unknown_types(struct kunit *test)
{
	static const u32 types[] = {
		CHANNELMSG_INVALID, CHANNELMSG_OFFERCHANNEL,
		CHANNELMSG_RESCIND_CHANNELOFFER, CHANNELMSG_ALLOFFERS_DELIVERED,
		CHANNELMSG_OPENCHANNEL_RESULT, CHANNELMSG_GPADL_CREATED,
		CHANNELMSG_GPADL_TORNDOWN, CHANNELMSG_VERSION_RESPONSE,
		CHANNELMSG_UNLOAD_RESPONSE, CHANNELMSG_18, CHANNELMSG_19,
		CHANNELMSG_20, CHANNELMSG_TL_CONNECT_RESULT,
		CHANNELMSG_MODIFYCHANNEL_RESPONSE, CHANNELMSG_COUNT, 0x80000000,
		0xffffffff,
	};
	struct vmbus_msg_offer_channel big = {};
	struct cap *c = cap_create(test);
	unsigned int i;

	cap_connect(c, VMBUS_VERSION_WIN10_V5_3);
	for (i = 0; i < ARRAY_SIZE(types); i++) {
		big.header.msgtype = types[i];
		KUNIT_EXPECT_EQ(test, cap_post_ok(c, &big, sizeof(big)),
				HV_STATUS_SUCCESS);
	}
	cap_expect_none(c);
	KUNIT_EXPECT_EQ(test, c->vb->bad_msgs, ARRAY_SIZE(types));
}

/* Short messages: types with a reply get a failure reply, others nothing. */
static void conn_short_messages(struct kunit *test)
{
	struct vmbus_msg_open_result open = {
		.header.msgtype = CHANNELMSG_OPENCHANNEL_RESULT,
		.child_relid = 7,
		.status = HVHOST_VMBUS_STATUS_FAIL,
	};
	struct vmbus_msg_gpadl_created created = {
		.header.msgtype = CHANNELMSG_GPADL_CREATED,
		.child_relid = 7,
		.gpadl = 0xe1e10,
		.creation_status = HVHOST_VMBUS_STATUS_FAIL,
	};
	struct vmbus_msg_gpadl_torndown torndown = {
		.header.msgtype = CHANNELMSG_GPADL_TORNDOWN,
	};
	struct vmbus_msg_tl_connect_result tl = {
		.header.msgtype = CHANNELMSG_TL_CONNECT_RESULT,
		.status = HVHOST_VMBUS_STATUS_FAIL,
	};
	struct vmbus_msg_modify_channel_response mod = {
		.header.msgtype = CHANNELMSG_MODIFYCHANNEL_RESPONSE,
		.status = HVHOST_VMBUS_STATUS_FAIL,
	};
	u8 buf[HV_MESSAGE_PAYLOAD_BYTES];
	struct cap *c = cap_create(test);

	cap_connect(c, VMBUS_VERSION_WIN10_V5_3);

	/* OPENCHANNEL cut before openid: openid reads 0. */
	conn_fill(CHANNELMSG_OPENCHANNEL, buf);
	cap_post_ok(c, buf, 12);
	cap_expect_msg(c, &open, sizeof(open));

	conn_fill(CHANNELMSG_GPADL_HEADER, buf);
	cap_post_ok(c, buf, 16);
	cap_expect_msg(c, &created, sizeof(created));

	conn_fill(CHANNELMSG_GPADL_TEARDOWN, buf);
	cap_post_ok(c, buf, 12);
	cap_expect_msg(c, &torndown, sizeof(torndown));

	conn_fill(CHANNELMSG_TL_CONNECT_REQUEST, buf);
	cap_post_ok(c, buf, 39);
	cap_expect_msg(c, &tl, sizeof(tl));

	conn_fill(CHANNELMSG_MODIFYCHANNEL, buf);
	cap_post_ok(c, buf, 8);
	cap_expect_msg(c, &mod, sizeof(mod));

	/* No reply exists for these. */
	conn_fill(CHANNELMSG_CLOSECHANNEL, buf);
	cap_post_ok(c, buf, 8);
	conn_fill(CHANNELMSG_RELID_RELEASED, buf);
	cap_post_ok(c, buf, 11);
	conn_fill(CHANNELMSG_GPADL_BODY, buf);
	cap_post_ok(c, buf, 15);
	cap_expect_none(c);
	KUNIT_EXPECT_EQ(test, c->vb->bad_msgs, 8);
}

/* Before 5.3 MODIFYCHANNEL has no response, even a failed one. */
static void conn_modify_no_response_before_5_3(struct kunit *test)
{
	u8 buf[HV_MESSAGE_PAYLOAD_BYTES];
	struct cap *c = cap_create(test);

	cap_connect(c, VMBUS_VERSION_WIN10_V5_2);
	conn_fill(CHANNELMSG_MODIFYCHANNEL, buf);
	cap_post_ok(c, buf, sizeof(struct vmbus_msg_modify_channel));
	cap_post_ok(c, buf, 8);
	cap_expect_none(c);
}

static void conn_request_offers(struct kunit *test)
{
	struct cap *c = cap_create(test);

	cap_connect(c, VMBUS_VERSION_WIN10);
	cap_post_ok(c, &conn_requestoffers, sizeof(conn_requestoffers));
	cap_expect_msg(c, &conn_alloffers, sizeof(conn_alloffers));
	KUNIT_EXPECT_TRUE(test, c->vb->offers_requested);
	/* Asked once per connection: a repeat is answered, offering nothing. */
	cap_post_ok(c, &conn_requestoffers, sizeof(conn_requestoffers));
	cap_expect_msg(c, &conn_alloffers, sizeof(conn_alloffers));
	cap_expect_none(c);
	KUNIT_EXPECT_EQ(test, c->vb->bad_msgs, 1);
}

static void conn_tl_connect(struct kunit *test)
{
	struct vmbus_msg_tl_connect_request m = {
		.header.msgtype = CHANNELMSG_TL_CONNECT_REQUEST,
		.guest_endpoint_id = GUID_INIT(0x11111111, 0x2222, 0x3333,
					       4, 5, 6, 7, 8, 9, 10, 11),
		.host_service_id = GUID_INIT(0xaaaaaaaa, 0xbbbb, 0xcccc,
					     1, 2, 3, 4, 5, 6, 7, 8),
	};
	struct vmbus_msg_tl_connect_result r = {
		.header.msgtype = CHANNELMSG_TL_CONNECT_RESULT,
		.service_id = m.host_service_id,
		.endpoint_id = m.guest_endpoint_id,
		.status = HVHOST_VMBUS_STATUS_FAIL,
	};
	struct cap *c = cap_create(test);

	cap_connect(c, VMBUS_VERSION_WIN10_V5_3);
	cap_post_ok(c, &m, sizeof(m));
	cap_expect_msg(c, &r, sizeof(r));
	cap_expect_none(c);
}

/* UNLOAD: UNLOAD_RESPONSE, back to DISCONNECTED, a new contact works. */
static void conn_unload(struct kunit *test)
{
	struct vmbus_msg_unload m = { .header.msgtype = CHANNELMSG_UNLOAD };
	struct vmbus_msg_unload r = {
		.header.msgtype = CHANNELMSG_UNLOAD_RESPONSE,
	};
	struct cap *c = cap_create(test);

	cap_connect(c, VMBUS_VERSION_WIN10_V5_3);
	cap_request_offers(c, 0);
	cap_post_ok(c, &m, sizeof(m));
	cap_expect_msg_vp(c, 1, &r, sizeof(r));
	cap_expect_none(c);
	KUNIT_EXPECT_EQ(test, c->vb->state, HVHOST_CONN_DISCONNECTED);
	KUNIT_EXPECT_FALSE(test, c->vb->offers_requested);
	KUNIT_EXPECT_EQ(test, c->vb->version, 0);
	/* A second UNLOAD finds no connection and gets nothing. */
	KUNIT_EXPECT_EQ(test, cap_post(c, 4, &m, sizeof(m)), HV_STATUS_SUCCESS);
	cap_expect_none(c);
	cap_connect(c, VMBUS_VERSION_WIN8);
	cap_request_offers(c, 0);
}

/* Reset: silently back to DISCONNECTED with an empty queue. */
static void conn_reset(struct kunit *test)
{
	struct cap *c = cap_create(test);

	cap_connect(c, VMBUS_VERSION_WIN10_V5_3);
	c->busy = true;
	cap_post_ok(c, &conn_requestoffers, sizeof(conn_requestoffers));
	KUNIT_EXPECT_EQ(test, hvhost_msgq_len(&c->vb->q), 1);
	hvhost_vmbus_reset(c->vb);
	KUNIT_EXPECT_EQ(test, hvhost_msgq_len(&c->vb->q), 0);
	KUNIT_EXPECT_EQ(test, c->vb->state, HVHOST_CONN_DISCONNECTED);
	c->busy = false;
	hvhost_vmbus_msg_slot_free(c->vb);
	cap_expect_none(c);
	cap_connect(c, VMBUS_VERSION_WIN10_V5_1);
}

/* A busy slot keeps messages queued, in order, until the slot is free. */
static void conn_queue_busy_slot(struct kunit *test)
{
	struct vmbus_msg_version_response r = conn_refusal();
	struct vmbus_msg_initiate_contact m = conn_contact(VMBUS_VERSION_WIN10_V5_3);
	struct vmbus_msg_unload unload = { .header.msgtype = CHANNELMSG_UNLOAD };
	struct vmbus_msg_unload unloaded = {
		.header.msgtype = CHANNELMSG_UNLOAD_RESPONSE,
	};
	struct cap *c = cap_create(test);

	cap_connect(c, VMBUS_VERSION_WIN10_V5_3);
	c->busy = true;
	cap_post_ok(c, &conn_requestoffers, sizeof(conn_requestoffers));
	cap_post_ok(c, &m, sizeof(m));	/* refused: already connected */
	KUNIT_EXPECT_EQ(test, hvhost_msgq_len(&c->vb->q), 2);
	hvhost_vmbus_msg_slot_free(c->vb);	/* still busy */
	KUNIT_EXPECT_EQ(test, hvhost_msgq_len(&c->vb->q), 2);
	cap_expect_none(c);

	c->busy = false;
	hvhost_vmbus_msg_slot_free(c->vb);
	KUNIT_EXPECT_EQ(test, hvhost_msgq_len(&c->vb->q), 0);
	cap_expect_msg(c, &conn_alloffers, sizeof(conn_alloffers));
	cap_expect_msg_vp(c, 1, &r, sizeof(r));
	cap_expect_none(c);
	KUNIT_EXPECT_EQ(test, c->vb->q.sent, 3);

	/* UNLOAD drops what is queued and answers alone. */
	c->busy = true;
	cap_post_ok(c, &m, sizeof(m));
	cap_post_ok(c, &unload, sizeof(unload));
	c->busy = false;
	hvhost_vmbus_msg_slot_free(c->vb);
	cap_expect_msg_vp(c, 1, &unloaded, sizeof(unloaded));
	cap_expect_none(c);
}

/* Over the queue cap the guest is told to retry, and nothing is done. */
static void conn_queue_backpressure(struct kunit *test)
{
	struct hvhost_vmbus_limits l = HVHOST_VMBUS_DEFAULT_LIMITS;
	struct vmbus_msg_tl_connect_request m = {
		.header.msgtype = CHANNELMSG_TL_CONNECT_REQUEST,
	};
	struct vmbus_msg_tl_connect_result r = {
		.header.msgtype = CHANNELMSG_TL_CONNECT_RESULT,
		.status = HVHOST_VMBUS_STATUS_FAIL,
	};
	struct cap *c = cap_create(test);
	unsigned int i;

	l.max_queued_msgs = 3;
	hvhost_vmbus_set_limits(c->vb, &l);
	cap_connect(c, VMBUS_VERSION_WIN10_V5_3);
	c->busy = true;
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, cap_post(c, 4, &m, sizeof(m)),
				HV_STATUS_SUCCESS);
	for (i = 0; i < 10; i++)
		KUNIT_EXPECT_EQ(test, cap_post(c, 4, &m, sizeof(m)),
				HV_STATUS_INSUFFICIENT_BUFFERS);
	KUNIT_EXPECT_EQ(test, hvhost_msgq_len(&c->vb->q), 3);
	c->busy = false;
	hvhost_vmbus_msg_slot_free(c->vb);
	for (i = 0; i < 3; i++)
		cap_expect_msg(c, &r, sizeof(r));
	cap_expect_none(c);
	/* Room again: the retry succeeds. */
	KUNIT_EXPECT_EQ(test, cap_post(c, 4, &m, sizeof(m)), HV_STATUS_SUCCESS);
	cap_expect_msg(c, &r, sizeof(r));
}

static void conn_queue_dead_synic(struct kunit *test)
{
	struct cap *c = cap_create(test);

	cap_connect(c, VMBUS_VERSION_WIN10_V5_3);
	/* The capture transport fails with -ENOSPC once its array is full. */
	c->n = CAP_MAX_MSGS;
	cap_post_ok(c, &conn_requestoffers, sizeof(conn_requestoffers));
	KUNIT_EXPECT_EQ(test, c->vb->q.dropped, 1);
	KUNIT_EXPECT_EQ(test, hvhost_msgq_len(&c->vb->q), 0);
}

static struct kunit_case conn_cases[] = {
	KUNIT_CASE_PARAM(conn_negotiate, conn_version_gen_params),
	KUNIT_CASE(conn_negotiate_fallback),
	KUNIT_CASE_PARAM(conn_contact_invalid, conn_bad_contact_gen_params),
	KUNIT_CASE(conn_contact_wrong_conn_id),
	KUNIT_CASE(conn_contact_while_connected),
	KUNIT_CASE(conn_contact_short),
	KUNIT_CASE(conn_post_params),
	KUNIT_CASE(conn_post_wrong_conn_id),
	KUNIT_CASE(conn_disconnected_drops),
	KUNIT_CASE(conn_unknown_types),
	KUNIT_CASE(conn_short_messages),
	KUNIT_CASE(conn_modify_no_response_before_5_3),
	KUNIT_CASE(conn_request_offers),
	KUNIT_CASE(conn_tl_connect),
	KUNIT_CASE(conn_unload),
	KUNIT_CASE(conn_reset),
	KUNIT_CASE(conn_queue_busy_slot),
	KUNIT_CASE(conn_queue_backpressure),
	KUNIT_CASE(conn_queue_dead_synic),
	{}
};

static struct kunit_suite conn_suite = {
	.name = "hvhost_vmbus_conn",
	.test_cases = conn_cases,
};

kunit_test_suite(conn_suite);
