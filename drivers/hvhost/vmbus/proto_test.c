// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: VMBus wire layouts, byte for byte.
 *
 * Each case lists every field of one wire struct with the offset and size a
 * guest (Linux's include/linux/hyperv.h, Hyper-V's TLFS) puts it at.  A
 * wrong layout here means a guest that reads garbage, so the tables are
 * exhaustive rather than sampled.
 */
#include <kunit/test.h>
#include <linux/stddef.h>

#include "proto.h"

struct layout_field {
	const char *name;
	size_t offset;
	size_t size;
	size_t want_offset;
	size_t want_size;
};

/* Flexible array members have an offset but no size. */
#define FLEX(type, member, off) {					\
	.name = #type "." #member,					\
	.offset = offsetof(struct type, member),			\
	.want_offset = (off),						\
}

#define FIELD(type, member, off, sz) {					\
	.name = #type "." #member,					\
	.offset = offsetof(struct type, member),			\
	.size = sizeof_field(struct type, member),			\
	.want_offset = (off),						\
	.want_size = (sz),						\
}

struct layout_case {
	const char *name;
	const struct layout_field *fields;
	unsigned int nr_fields;
	size_t size;
	size_t want_size;
};

static const struct layout_field msg_header_fields[] = {
	FIELD(hv_message_header, message_type, 0, 4),
	FIELD(hv_message_header, payload_size, 4, 1),
	FIELD(hv_message_header, message_flags, 5, 1),
	FIELD(hv_message_header, sender, 8, 8),
	FIELD(hv_message, payload, 16, 240),
	FIELD(vmbus_msg_header, msgtype, 0, 4),
	FIELD(vmbus_msg_header, padding, 4, 4),
};

static const struct layout_field offer_fields[] = {
	FIELD(vmbus_offer, if_type, 0, 16),
	FIELD(vmbus_offer, if_instance, 16, 16),
	FIELD(vmbus_offer, reserved1, 32, 8),
	FIELD(vmbus_offer, reserved2, 40, 8),
	FIELD(vmbus_offer, chn_flags, 48, 2),
	FIELD(vmbus_offer, mmio_megabytes, 50, 2),
	FIELD(vmbus_offer, user_def, 52, 120),
	FIELD(vmbus_offer, sub_channel_index, 172, 2),
	FIELD(vmbus_offer, reserved3, 174, 2),
	FIELD(vmbus_msg_offer_channel, offer, 8, 176),
	FIELD(vmbus_msg_offer_channel, child_relid, 184, 4),
	FIELD(vmbus_msg_offer_channel, monitorid, 188, 1),
	FIELD(vmbus_msg_offer_channel, flags1, 189, 1),
	FIELD(vmbus_msg_offer_channel, flags2, 190, 2),
	FIELD(vmbus_msg_offer_channel, connection_id, 192, 4),
	FIELD(vmbus_msg_rescind_offer, child_relid, 8, 4),
};

static const struct layout_field open_fields[] = {
	FIELD(vmbus_msg_open_channel, child_relid, 8, 4),
	FIELD(vmbus_msg_open_channel, openid, 12, 4),
	FIELD(vmbus_msg_open_channel, ringbuffer_gpadl, 16, 4),
	FIELD(vmbus_msg_open_channel, target_vp, 20, 4),
	FIELD(vmbus_msg_open_channel, downstream_ringbuffer_pageoffset, 24, 4),
	FIELD(vmbus_msg_open_channel, userdata, 28, 120),
	FIELD(vmbus_msg_open_result, child_relid, 8, 4),
	FIELD(vmbus_msg_open_result, openid, 12, 4),
	FIELD(vmbus_msg_open_result, status, 16, 4),
	FIELD(vmbus_msg_close_channel, child_relid, 8, 4),
	FIELD(vmbus_msg_relid_released, child_relid, 8, 4),
	FIELD(vmbus_msg_modify_channel, child_relid, 8, 4),
	FIELD(vmbus_msg_modify_channel, target_vp, 12, 4),
	FIELD(vmbus_msg_modify_channel_response, child_relid, 8, 4),
	FIELD(vmbus_msg_modify_channel_response, status, 12, 4),
};

static const struct layout_field gpadl_fields[] = {
	FIELD(vmbus_gpa_range, byte_count, 0, 4),
	FIELD(vmbus_gpa_range, byte_offset, 4, 4),
	FLEX(vmbus_gpa_range, pfn_array, 8),
	FIELD(vmbus_msg_gpadl_header, child_relid, 8, 4),
	FIELD(vmbus_msg_gpadl_header, gpadl, 12, 4),
	FIELD(vmbus_msg_gpadl_header, range_buflen, 16, 2),
	FIELD(vmbus_msg_gpadl_header, rangecount, 18, 2),
	FLEX(vmbus_msg_gpadl_header, range, 20),
	FIELD(vmbus_msg_gpadl_body, msgnumber, 8, 4),
	FIELD(vmbus_msg_gpadl_body, gpadl, 12, 4),
	FLEX(vmbus_msg_gpadl_body, pfn, 16),
	FIELD(vmbus_msg_gpadl_created, child_relid, 8, 4),
	FIELD(vmbus_msg_gpadl_created, gpadl, 12, 4),
	FIELD(vmbus_msg_gpadl_created, creation_status, 16, 4),
	FIELD(vmbus_msg_gpadl_teardown, child_relid, 8, 4),
	FIELD(vmbus_msg_gpadl_teardown, gpadl, 12, 4),
	FIELD(vmbus_msg_gpadl_torndown, gpadl, 8, 4),
};

static const struct layout_field contact_fields[] = {
	FIELD(vmbus_msg_initiate_contact, vmbus_version_requested, 8, 4),
	FIELD(vmbus_msg_initiate_contact, target_vcpu, 12, 4),
	FIELD(vmbus_msg_initiate_contact, interrupt_page, 16, 8),
	FIELD(vmbus_msg_initiate_contact, msg_sint, 16, 1),
	FIELD(vmbus_msg_initiate_contact, msg_vtl, 17, 1),
	FIELD(vmbus_msg_initiate_contact, monitor_page1, 24, 8),
	FIELD(vmbus_msg_initiate_contact, monitor_page2, 32, 8),
	FIELD(vmbus_msg_version_response, version_supported, 8, 1),
	FIELD(vmbus_msg_version_response, connection_state, 9, 1),
	FIELD(vmbus_msg_version_response, padding, 10, 2),
	FIELD(vmbus_msg_version_response, msg_conn_id, 12, 4),
	FIELD(vmbus_msg_tl_connect_request, guest_endpoint_id, 8, 16),
	FIELD(vmbus_msg_tl_connect_request, host_service_id, 24, 16),
	FIELD(vmbus_msg_tl_connect_result, service_id, 8, 16),
	FIELD(vmbus_msg_tl_connect_result, endpoint_id, 24, 16),
	FIELD(vmbus_msg_tl_connect_result, status, 40, 4),
};

static const struct layout_field ring_fields[] = {
	FIELD(vmbus_ring_hdr, write_index, 0, 4),
	FIELD(vmbus_ring_hdr, read_index, 4, 4),
	FIELD(vmbus_ring_hdr, interrupt_mask, 8, 4),
	FIELD(vmbus_ring_hdr, pending_send_sz, 12, 4),
	FIELD(vmbus_ring_hdr, feature_bits, 64, 4),
	FIELD(vmbus_pkt_desc, type, 0, 2),
	FIELD(vmbus_pkt_desc, offset8, 2, 2),
	FIELD(vmbus_pkt_desc, len8, 4, 2),
	FIELD(vmbus_pkt_desc, flags, 6, 2),
	FIELD(vmbus_pkt_desc, trans_id, 8, 8),
	FIELD(vmbus_xfer_page_range, byte_count, 0, 4),
	FIELD(vmbus_xfer_page_range, byte_offset, 4, 4),
	FIELD(vmbus_xfer_page_pkt, xfer_pageset_id, 16, 2),
	FIELD(vmbus_xfer_page_pkt, sender_owns_set, 18, 1),
	FIELD(vmbus_xfer_page_pkt, range_cnt, 20, 4),
	FLEX(vmbus_xfer_page_pkt, ranges, 24),
	FIELD(vmbus_gpa_direct_pkt, range_cnt, 20, 4),
};

#define LAYOUT(n, f, type, sz) {					\
	.name = n, .fields = f, .nr_fields = ARRAY_SIZE(f),		\
	.size = sizeof(struct type), .want_size = (sz),			\
}

static const struct layout_case layout_cases[] = {
	LAYOUT("synic message", msg_header_fields, hv_message, 256),
	LAYOUT("offer", offer_fields, vmbus_msg_offer_channel, 196),
	LAYOUT("open", open_fields, vmbus_msg_open_channel, 148),
	LAYOUT("gpadl", gpadl_fields, vmbus_msg_gpadl_header, 20),
	LAYOUT("contact", contact_fields, vmbus_msg_initiate_contact, 40),
	LAYOUT("ring", ring_fields, vmbus_ring_hdr, 4096),
};

static void layout_desc(const struct layout_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(layout, layout_cases, layout_desc);

static void proto_layout(struct kunit *test)
{
	const struct layout_case *c = test->param_value;
	unsigned int i;

	KUNIT_EXPECT_EQ(test, c->size, c->want_size);
	for (i = 0; i < c->nr_fields; i++) {
		const struct layout_field *f = &c->fields[i];

		KUNIT_EXPECT_EQ_MSG(test, f->offset, f->want_offset,
				    "%s offset", f->name);
		KUNIT_EXPECT_EQ_MSG(test, f->size, f->want_size,
				    "%s size", f->name);
	}
}

/* The message sizes a guest sends or expects, one per message type. */
static void proto_message_sizes(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, sizeof(struct vmbus_msg_rescind_offer), 12);
	KUNIT_EXPECT_EQ(test, sizeof(struct vmbus_msg_open_result), 20);
	KUNIT_EXPECT_EQ(test, sizeof(struct vmbus_msg_close_channel), 12);
	KUNIT_EXPECT_EQ(test, sizeof(struct vmbus_msg_gpadl_body), 16);
	KUNIT_EXPECT_EQ(test, sizeof(struct vmbus_msg_gpadl_created), 20);
	KUNIT_EXPECT_EQ(test, sizeof(struct vmbus_msg_gpadl_teardown), 16);
	KUNIT_EXPECT_EQ(test, sizeof(struct vmbus_msg_gpadl_torndown), 12);
	KUNIT_EXPECT_EQ(test, sizeof(struct vmbus_msg_relid_released), 12);
	KUNIT_EXPECT_EQ(test, sizeof(struct vmbus_msg_version_response), 16);
	KUNIT_EXPECT_EQ(test, sizeof(struct vmbus_msg_unload), 8);
	KUNIT_EXPECT_EQ(test, sizeof(struct vmbus_msg_modify_channel), 16);
	KUNIT_EXPECT_EQ(test, sizeof(struct vmbus_msg_modify_channel_response),
			16);
	KUNIT_EXPECT_EQ(test, sizeof(struct vmbus_msg_tl_connect_request), 40);
	KUNIT_EXPECT_EQ(test, sizeof(struct vmbus_msg_tl_connect_result), 44);
	KUNIT_EXPECT_EQ(test, sizeof(struct vmbus_pkt_desc), 16);
	KUNIT_EXPECT_EQ(test, sizeof(struct vmbus_xfer_page_pkt), 24);
	KUNIT_EXPECT_EQ(test, sizeof(struct vmbus_gpa_direct_pkt), 24);
}

/* Page numbers per GPADL message, as Linux's create_gpadl_header() splits. */
static void proto_gpadl_capacity(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, VMBUS_GPADL_HEADER_MAX_PFNS, 26);
	KUNIT_EXPECT_EQ(test, VMBUS_GPADL_BODY_MAX_PFNS, 28);
	/* 20 + 8 + 26 * 8 = 236: a 27th page would not fit in 240 bytes. */
	KUNIT_EXPECT_EQ(test, sizeof(struct vmbus_msg_gpadl_header) +
			sizeof(struct vmbus_gpa_range) + 26 * sizeof(u64), 236);
	KUNIT_EXPECT_GT(test, sizeof(struct vmbus_msg_gpadl_header) +
			sizeof(struct vmbus_gpa_range) + 27 * sizeof(u64),
			HV_MESSAGE_PAYLOAD_BYTES);
	KUNIT_EXPECT_EQ(test, sizeof(struct vmbus_msg_gpadl_body) +
			28 * sizeof(u64), HV_MESSAGE_PAYLOAD_BYTES);
}

/* Version numbers and message type numbers are protocol constants. */
static void proto_constants(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, VMBUS_VERSION_WIN8, 0x00020004);
	KUNIT_EXPECT_EQ(test, VMBUS_VERSION_WIN8_1, 0x00030000);
	KUNIT_EXPECT_EQ(test, VMBUS_VERSION_WIN10, 0x00040000);
	KUNIT_EXPECT_EQ(test, VMBUS_VERSION_WIN10_V4_1, 0x00040001);
	KUNIT_EXPECT_EQ(test, VMBUS_VERSION_WIN10_V5, 0x00050000);
	KUNIT_EXPECT_EQ(test, VMBUS_VERSION_WIN10_V5_3, 0x00050003);
	KUNIT_EXPECT_EQ(test, CHANNELMSG_OFFERCHANNEL, 1);
	KUNIT_EXPECT_EQ(test, CHANNELMSG_GPADL_HEADER, 8);
	KUNIT_EXPECT_EQ(test, CHANNELMSG_INITIATE_CONTACT, 14);
	KUNIT_EXPECT_EQ(test, CHANNELMSG_UNLOAD_RESPONSE, 17);
	KUNIT_EXPECT_EQ(test, CHANNELMSG_MODIFYCHANNEL, 22);
	KUNIT_EXPECT_EQ(test, CHANNELMSG_MODIFYCHANNEL_RESPONSE, 24);
	KUNIT_EXPECT_EQ(test, CHANNELMSG_COUNT, 25);
	KUNIT_EXPECT_EQ(test, VM_PKT_DATA_INBAND, 6);
	KUNIT_EXPECT_EQ(test, VM_PKT_DATA_USING_XFER_PAGES, 7);
	KUNIT_EXPECT_EQ(test, VM_PKT_DATA_USING_GPA_DIRECT, 9);
	KUNIT_EXPECT_EQ(test, VM_PKT_COMP, 11);
}

static struct kunit_case proto_cases[] = {
	KUNIT_CASE_PARAM(proto_layout, layout_gen_params),
	KUNIT_CASE(proto_message_sizes),
	KUNIT_CASE(proto_gpadl_capacity),
	KUNIT_CASE(proto_constants),
	{}
};

static struct kunit_suite proto_suite = {
	.name = "hvhost_vmbus_proto",
	.test_cases = proto_cases,
};

kunit_test_suite(proto_suite);
