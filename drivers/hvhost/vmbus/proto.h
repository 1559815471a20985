/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VMBus wire formats as the host sees them: SynIC messages, channel
 * management messages, ring buffer header and packet descriptors.
 *
 * These are protocol facts shared with every VMBus guest.  All fields are
 * little endian (hvhost depends on !CPU_BIG_ENDIAN), every struct is packed
 * and its size is asserted at the end of this file, so no layout depends on
 * the compiler, PAGE_SIZE or the host.  Bit fields are spelled out as masks.
 */
#ifndef _HVHOST_VMBUS_PROTO_H
#define _HVHOST_VMBUS_PROTO_H

#include <linux/build_bug.h>
#include <linux/types.h>
#include <linux/uuid.h>

/* VMBus protocol versions (major << 16 | minor). */
#define VMBUS_VERSION(maj, min)		(((maj) << 16) | (min))
#define VMBUS_VERSION_WIN8		VMBUS_VERSION(2, 4)
#define VMBUS_VERSION_WIN8_1		VMBUS_VERSION(3, 0)
#define VMBUS_VERSION_WIN10		VMBUS_VERSION(4, 0)
#define VMBUS_VERSION_WIN10_V4_1	VMBUS_VERSION(4, 1)
#define VMBUS_VERSION_WIN10_V5		VMBUS_VERSION(5, 0)
#define VMBUS_VERSION_WIN10_V5_1	VMBUS_VERSION(5, 1)
#define VMBUS_VERSION_WIN10_V5_2	VMBUS_VERSION(5, 2)
#define VMBUS_VERSION_WIN10_V5_3	VMBUS_VERSION(5, 3)

/* Hyper-V connection ids and SINTs used by VMBus. */
#define VMBUS_MESSAGE_CONNECTION_ID	1
#define VMBUS_MESSAGE_CONNECTION_ID_4	4
#define VMBUS_EVENT_CONNECTION_ID	2
#define VMBUS_MONITOR_CONNECTION_ID	3
#define VMBUS_MESSAGE_SINT		2

/* SynIC message slot: 16-byte header and up to 240 bytes of payload. */
#define HV_MESSAGE_SIZE			256
#define HV_MESSAGE_PAYLOAD_BYTES	240
#define HV_MESSAGE_TYPE_NONE		0
#define HV_MESSAGE_TYPE_VMBUS		1
#define HV_MESSAGE_FLAG_PENDING		0x01
#define HV_SYNIC_SINT_COUNT		16
#define HV_EVENT_FLAGS_BYTES		256	/* per SINT in the SIEFP page */
#define HV_EVENT_FLAGS_COUNT		(HV_EVENT_FLAGS_BYTES * 8)

/* Hyper-V hypercall status codes returned for HvPostMessage. */
#define HV_STATUS_SUCCESS			0x0000
#define HV_STATUS_INVALID_ALIGNMENT		0x0004
#define HV_STATUS_INVALID_PARAMETER		0x0005
#define HV_STATUS_INVALID_CONNECTION_ID		0x0012
#define HV_STATUS_INSUFFICIENT_BUFFERS		0x0013

struct hv_message_header {
	u32 message_type;
	u8 payload_size;
	u8 message_flags;
	u8 reserved[2];
	u64 sender;
} __packed;

struct hv_message {
	struct hv_message_header header;
	u8 payload[HV_MESSAGE_PAYLOAD_BYTES];
} __packed;

/* Channel management message types. */
enum vmbus_msg_type {
	CHANNELMSG_INVALID			= 0,
	CHANNELMSG_OFFERCHANNEL			= 1,
	CHANNELMSG_RESCIND_CHANNELOFFER		= 2,
	CHANNELMSG_REQUESTOFFERS		= 3,
	CHANNELMSG_ALLOFFERS_DELIVERED		= 4,
	CHANNELMSG_OPENCHANNEL			= 5,
	CHANNELMSG_OPENCHANNEL_RESULT		= 6,
	CHANNELMSG_CLOSECHANNEL			= 7,
	CHANNELMSG_GPADL_HEADER			= 8,
	CHANNELMSG_GPADL_BODY			= 9,
	CHANNELMSG_GPADL_CREATED		= 10,
	CHANNELMSG_GPADL_TEARDOWN		= 11,
	CHANNELMSG_GPADL_TORNDOWN		= 12,
	CHANNELMSG_RELID_RELEASED		= 13,
	CHANNELMSG_INITIATE_CONTACT		= 14,
	CHANNELMSG_VERSION_RESPONSE		= 15,
	CHANNELMSG_UNLOAD			= 16,
	CHANNELMSG_UNLOAD_RESPONSE		= 17,
	CHANNELMSG_18				= 18,
	CHANNELMSG_19				= 19,
	CHANNELMSG_20				= 20,
	CHANNELMSG_TL_CONNECT_REQUEST		= 21,
	CHANNELMSG_MODIFYCHANNEL		= 22,
	CHANNELMSG_TL_CONNECT_RESULT		= 23,
	CHANNELMSG_MODIFYCHANNEL_RESPONSE	= 24,
	CHANNELMSG_COUNT
};

struct vmbus_msg_header {
	u32 msgtype;
	u32 padding;
} __packed;

#define VMBUS_MAX_USER_DEFINED_BYTES	120
#define VMBUS_MAX_PIPE_USER_DEFINED_BYTES 116

/* vmbus_offer.chn_flags */
#define VMBUS_CHANNEL_ENUMERATE_DEVICE_INTERFACE	0x0001
#define VMBUS_CHANNEL_SERVER_SUPPORTS_TRANSFER_PAGES	0x0002
#define VMBUS_CHANNEL_SERVER_SUPPORTS_GPADLS		0x0004
#define VMBUS_CHANNEL_NAMED_PIPE_MODE			0x0010
#define VMBUS_CHANNEL_LOOPBACK_OFFER			0x0100
#define VMBUS_CHANNEL_PARENT_OFFER			0x0200
#define VMBUS_CHANNEL_REQUEST_MONITORED_NOTIFICATION	0x0400
#define VMBUS_CHANNEL_TLNPI_PROVIDER_OFFER		0x2000

struct vmbus_offer {
	guid_t if_type;
	guid_t if_instance;
	u64 reserved1;
	u64 reserved2;
	u16 chn_flags;
	u16 mmio_megabytes;
	u8 user_def[VMBUS_MAX_USER_DEFINED_BYTES];
	u16 sub_channel_index;
	u16 reserved3;
} __packed;

/* vmbus_msg_offer_channel.flags1 and .flags2 */
#define VMBUS_OFFER_MONITOR_ALLOCATED		0x01	/* flags1 */
#define VMBUS_OFFER_DEDICATED_INTERRUPT		0x0001	/* flags2 */
#define VMBUS_NO_MONITOR_ID			0xff

struct vmbus_msg_offer_channel {
	struct vmbus_msg_header header;
	struct vmbus_offer offer;
	u32 child_relid;
	u8 monitorid;
	u8 flags1;
	u16 flags2;
	u32 connection_id;
} __packed;

struct vmbus_msg_rescind_offer {
	struct vmbus_msg_header header;
	u32 child_relid;
} __packed;

struct vmbus_msg_open_channel {
	struct vmbus_msg_header header;
	u32 child_relid;
	u32 openid;
	u32 ringbuffer_gpadl;
	u32 target_vp;
	u32 downstream_ringbuffer_pageoffset;
	u8 userdata[VMBUS_MAX_USER_DEFINED_BYTES];
} __packed;

struct vmbus_msg_open_result {
	struct vmbus_msg_header header;
	u32 child_relid;
	u32 openid;
	u32 status;
} __packed;

struct vmbus_msg_close_channel {
	struct vmbus_msg_header header;
	u32 child_relid;
} __packed;

/* A GPA range: byte_count bytes starting byte_offset into pfn_array[0]. */
struct vmbus_gpa_range {
	u32 byte_count;
	u32 byte_offset;
	u64 pfn_array[];
} __packed;

struct vmbus_msg_gpadl_header {
	struct vmbus_msg_header header;
	u32 child_relid;
	u32 gpadl;
	u16 range_buflen;
	u16 rangecount;
	/*
	 * range_buflen bytes of ranges, each a struct vmbus_gpa_range and its
	 * pfns.  Bytes, not struct vmbus_gpa_range[]: an array of flexible
	 * structs is ill-formed (sparse: "array of flexible structures").
	 */
	u8 range[];
} __packed;

struct vmbus_msg_gpadl_body {
	struct vmbus_msg_header header;
	u32 msgnumber;
	u32 gpadl;
	u64 pfn[];
} __packed;

/* Page numbers that fit in one header (one range) or body message. */
#define VMBUS_GPADL_HEADER_MAX_PFNS \
	((HV_MESSAGE_PAYLOAD_BYTES - sizeof(struct vmbus_msg_gpadl_header) - \
	  sizeof(struct vmbus_gpa_range)) / sizeof(u64))
#define VMBUS_GPADL_BODY_MAX_PFNS \
	((HV_MESSAGE_PAYLOAD_BYTES - sizeof(struct vmbus_msg_gpadl_body)) / \
	 sizeof(u64))

struct vmbus_msg_gpadl_created {
	struct vmbus_msg_header header;
	u32 child_relid;
	u32 gpadl;
	u32 creation_status;
} __packed;

struct vmbus_msg_gpadl_teardown {
	struct vmbus_msg_header header;
	u32 child_relid;
	u32 gpadl;
} __packed;

struct vmbus_msg_gpadl_torndown {
	struct vmbus_msg_header header;
	u32 gpadl;
} __packed;

struct vmbus_msg_relid_released {
	struct vmbus_msg_header header;
	u32 child_relid;
} __packed;

struct vmbus_msg_initiate_contact {
	struct vmbus_msg_header header;
	u32 vmbus_version_requested;
	u32 target_vcpu;
	union {
		u64 interrupt_page;		/* before 5.0 */
		struct {			/* 5.0 and later */
			u8 msg_sint;
			u8 msg_vtl;
			u8 reserved[6];
		} __packed;
	};
	u64 monitor_page1;
	u64 monitor_page2;
} __packed;

struct vmbus_msg_version_response {
	struct vmbus_msg_header header;
	u8 version_supported;
	u8 connection_state;
	u16 padding;
	u32 msg_conn_id;
} __packed;

struct vmbus_msg_unload {
	struct vmbus_msg_header header;
} __packed;

struct vmbus_msg_modify_channel {
	struct vmbus_msg_header header;
	u32 child_relid;
	u32 target_vp;
} __packed;

struct vmbus_msg_modify_channel_response {
	struct vmbus_msg_header header;
	u32 child_relid;
	u32 status;
} __packed;

struct vmbus_msg_tl_connect_request {
	struct vmbus_msg_header header;
	guid_t guest_endpoint_id;
	guid_t host_service_id;
} __packed;

struct vmbus_msg_tl_connect_result {
	struct vmbus_msg_header header;
	guid_t service_id;
	guid_t endpoint_id;
	u32 status;
} __packed;

/*
 * Ring buffer.  The first 4 KiB of a ring's GPADL hold the control header,
 * the data area follows.  Indexes are byte offsets into the data area.
 */
#define VMBUS_RING_HDR_SIZE		4096
#define VMBUS_RING_FEAT_PENDING_SEND_SZ	0x00000001

struct vmbus_ring_hdr {
	u32 write_index;
	u32 read_index;
	u32 interrupt_mask;
	u32 pending_send_sz;
	u32 reserved1[12];
	u32 feature_bits;
	u8 reserved2[VMBUS_RING_HDR_SIZE - 68];
} __packed;

/* Packet types (vmpacket_descriptor.type). */
enum vmbus_pkt_type {
	VM_PKT_INVALID			= 0x0,
	VM_PKT_SYNCH			= 0x1,
	VM_PKT_ADD_XFER_PAGESET		= 0x2,
	VM_PKT_RM_XFER_PAGESET		= 0x3,
	VM_PKT_ESTABLISH_GPADL		= 0x4,
	VM_PKT_TEARDOWN_GPADL		= 0x5,
	VM_PKT_DATA_INBAND		= 0x6,
	VM_PKT_DATA_USING_XFER_PAGES	= 0x7,
	VM_PKT_DATA_USING_GPADL		= 0x8,
	VM_PKT_DATA_USING_GPA_DIRECT	= 0x9,
	VM_PKT_CANCEL_REQUEST		= 0xa,
	VM_PKT_COMP			= 0xb,
	VM_PKT_DATA_USING_ADDITIONAL_PKT = 0xc,
	VM_PKT_ADDITIONAL_DATA		= 0xd,
};

#define VMBUS_PKT_FLAG_COMPLETION_REQUESTED	0x0001

/* Every packet starts with this; offset8 and len8 count 8-byte units. */
struct vmbus_pkt_desc {
	u16 type;
	u16 offset8;
	u16 len8;
	u16 flags;
	u64 trans_id;
} __packed;

/* Each packet in a ring is followed by this 8-byte trailer. */
#define VMBUS_PKT_TRAILER_SIZE	sizeof(u64)

struct vmbus_xfer_page_range {
	u32 byte_count;
	u32 byte_offset;
} __packed;

struct vmbus_xfer_page_pkt {
	struct vmbus_pkt_desc desc;
	u16 xfer_pageset_id;
	u8 sender_owns_set;
	u8 reserved;
	u32 range_cnt;
	struct vmbus_xfer_page_range ranges[];
} __packed;

struct vmbus_gpa_direct_pkt {
	struct vmbus_pkt_desc desc;
	u32 reserved;
	u32 range_cnt;
	/* followed by range_cnt variable-size struct vmbus_gpa_range */
} __packed;

static_assert(sizeof(struct hv_message_header) == 16);
static_assert(sizeof(struct hv_message) == HV_MESSAGE_SIZE);
static_assert(sizeof(struct vmbus_msg_header) == 8);
static_assert(sizeof(struct vmbus_offer) == 176);
static_assert(sizeof(struct vmbus_msg_offer_channel) == 196);
static_assert(sizeof(struct vmbus_msg_rescind_offer) == 12);
static_assert(sizeof(struct vmbus_msg_open_channel) == 148);
static_assert(sizeof(struct vmbus_msg_open_result) == 20);
static_assert(sizeof(struct vmbus_msg_close_channel) == 12);
static_assert(sizeof(struct vmbus_gpa_range) == 8);
static_assert(sizeof(struct vmbus_msg_gpadl_header) == 20);
static_assert(sizeof(struct vmbus_msg_gpadl_body) == 16);
static_assert(sizeof(struct vmbus_msg_gpadl_created) == 20);
static_assert(sizeof(struct vmbus_msg_gpadl_teardown) == 16);
static_assert(sizeof(struct vmbus_msg_gpadl_torndown) == 12);
static_assert(sizeof(struct vmbus_msg_relid_released) == 12);
static_assert(sizeof(struct vmbus_msg_initiate_contact) == 40);
static_assert(sizeof(struct vmbus_msg_version_response) == 16);
static_assert(sizeof(struct vmbus_msg_modify_channel) == 16);
static_assert(sizeof(struct vmbus_msg_modify_channel_response) == 16);
static_assert(sizeof(struct vmbus_msg_tl_connect_request) == 40);
static_assert(sizeof(struct vmbus_msg_tl_connect_result) == 44);
static_assert(sizeof(struct vmbus_ring_hdr) == VMBUS_RING_HDR_SIZE);
static_assert(sizeof(struct vmbus_pkt_desc) == 16);
static_assert(sizeof(struct vmbus_xfer_page_pkt) == 24);
static_assert(sizeof(struct vmbus_gpa_direct_pkt) == 24);
static_assert(VMBUS_GPADL_HEADER_MAX_PFNS == 26);
static_assert(VMBUS_GPADL_BODY_MAX_PFNS == 28);

#endif /* _HVHOST_VMBUS_PROTO_H */
