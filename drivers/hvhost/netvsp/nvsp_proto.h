/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * NVSP (Network VSP protocol) wire formats, host side.
 *
 * NVSP messages travel in VMBus inband packets (and as the header of
 * transfer-page packets toward the guest).  A Linux guest always sends and
 * expects the full 40-byte struct nvsp_msg; other guests may send only the
 * header and the body of their message type, so the host checks each type's
 * minimum length and treats the rest as zero.
 *
 * These are protocol facts: little endian, packed, sizes asserted at the end
 * of this file.  Bit fields are spelled out as masks.
 */
#ifndef _HVHOST_NETVSP_NVSP_PROTO_H
#define _HVHOST_NETVSP_NVSP_PROTO_H

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/types.h>

/* Protocol versions a guest offers in NVSP_MSG_INIT. */
#define NVSP_VERSION_1			0x00002
#define NVSP_VERSION_2			0x30002
#define NVSP_VERSION_4			0x40000
#define NVSP_VERSION_5			0x50000
#define NVSP_VERSION_6			0x60000
#define NVSP_VERSION_61			0x60001

/* Message types. */
#define NVSP_MSG_INIT				1
#define NVSP_MSG_INIT_COMPLETE			2
#define NVSP_MSG1_SEND_NDIS_VERSION		100
#define NVSP_MSG1_SEND_RECV_BUF			101
#define NVSP_MSG1_SEND_RECV_BUF_COMPLETE	102
#define NVSP_MSG1_REVOKE_RECV_BUF		103
#define NVSP_MSG1_SEND_SEND_BUF			104
#define NVSP_MSG1_SEND_SEND_BUF_COMPLETE	105
#define NVSP_MSG1_REVOKE_SEND_BUF		106
#define NVSP_MSG1_SEND_RNDIS_PKT		107
#define NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE	108
#define NVSP_MSG2_ALLOC_RXBUF			120
#define NVSP_MSG2_FREE_RXBUF			122
#define NVSP_MSG2_SEND_NDIS_CONFIG		125
#define NVSP_MSG4_SEND_VF_ASSOCIATION		128
#define NVSP_MSG4_SWITCH_DATA_PATH		129
#define NVSP_MSG4_UPLINK_CONNECT_STATE		130
#define NVSP_MSG5_OID_QUERY_EX			131
#define NVSP_MSG5_OID_QUERY_EX_COMPLETE		132
#define NVSP_MSG5_SUBCHANNEL			133
#define NVSP_MSG5_SEND_INDIRECTION_TABLE	134
#define NVSP_MSG6_PD_API			135
#define NVSP_MSG6_PD_POST_BATCH			136

/* Status codes in completions. */
#define NVSP_STAT_NONE				0
#define NVSP_STAT_SUCCESS			1
#define NVSP_STAT_FAIL				2
#define NVSP_STAT_PROTOCOL_TOO_NEW		3
#define NVSP_STAT_PROTOCOL_TOO_OLD		4
#define NVSP_STAT_INVALID_RNDIS_PKT		5
#define NVSP_STAT_BUSY				6
#define NVSP_STAT_PROTOCOL_UNSUPPORTED		7

/* NVSP_MSG1_SEND_RNDIS_PKT channel types. */
#define NVSP_RNDIS_CHANNEL_DATA			0
#define NVSP_RNDIS_CHANNEL_CONTROL		1

/* Send buffer section index meaning "no section: data by GPA direct". */
#define NVSP_INVALID_SECTION_INDEX		0xffffffffU

/* Buffer ids: every known guest uses these. */
#define NVSP_RECV_BUF_ID			0xcafe
#define NVSP_SEND_BUF_ID_LINUX			0x0000
#define NVSP_SEND_BUF_ID			0xface

/* NVSP_MSG2_SEND_NDIS_CONFIG capability bits. */
#define NVSP_CAP_VMQ				BIT_ULL(0)
#define NVSP_CAP_CHIMNEY			BIT_ULL(1)
#define NVSP_CAP_SRIOV				BIT_ULL(2)
#define NVSP_CAP_IEEE8021Q			BIT_ULL(3)
#define NVSP_CAP_CORRELATION_ID			BIT_ULL(4)
#define NVSP_CAP_TEAMING			BIT_ULL(5)
#define NVSP_CAP_VSUBNETID			BIT_ULL(6)
#define NVSP_CAP_RSC				BIT_ULL(7)

/* NVSP_MSG4_SWITCH_DATA_PATH values. */
#define NVSP_DATAPATH_SYNTHETIC			0
#define NVSP_DATAPATH_VF			1

/* NVSP_MSG5_SUBCHANNEL operations; a guest may ask for at most 64. */
#define NVSP_SUBCHANNEL_NONE			0
#define NVSP_SUBCHANNEL_ALLOCATE		1
#define NVSP_SUBCHANNELS_MAX			64

struct nvsp_init {
	u32 min_protocol_ver;
	u32 max_protocol_ver;
} __packed;

struct nvsp_init_complete {
	u32 negotiated_protocol_ver;
	u32 max_mdl_chain_len;
	u32 status;
} __packed;

struct nvsp1_ndis_version {
	u32 major;
	u32 minor;
} __packed;

/* NVSP_MSG1_SEND_RECV_BUF and NVSP_MSG1_SEND_SEND_BUF. */
struct nvsp1_send_buf {
	u32 gpadl_handle;
	u16 id;
} __packed;

struct nvsp1_recv_buf_section {
	u32 offset;
	u32 sub_alloc_size;
	u32 num_sub_allocs;
	u32 end_offset;
} __packed;

struct nvsp1_recv_buf_complete {
	u32 status;
	u32 num_sections;
	/* The host always describes exactly one section. */
	struct nvsp1_recv_buf_section section;
} __packed;

/* NVSP_MSG1_REVOKE_RECV_BUF and NVSP_MSG1_REVOKE_SEND_BUF. */
struct nvsp1_revoke_buf {
	u16 id;
} __packed;

struct nvsp1_send_buf_complete {
	u32 status;
	u32 section_size;
} __packed;

struct nvsp1_rndis_pkt {
	u32 channel_type;
	u32 send_buf_section_index;
	u32 send_buf_section_size;
} __packed;

struct nvsp1_rndis_pkt_complete {
	u32 status;
} __packed;

struct nvsp2_ndis_config {
	u32 mtu;
	u32 reserved;
	u64 capability;
} __packed;

struct nvsp4_vf_association {
	u32 allocated;
	u32 serial;
} __packed;

struct nvsp4_switch_data_path {
	u32 active_datapath;
} __packed;

struct nvsp5_subchannel_request {
	u32 op;
	u32 num_subchannels;
} __packed;

struct nvsp5_subchannel_complete {
	u32 status;
	u32 num_subchannels;
} __packed;

struct nvsp5_indirection_table {
	u32 count;
	u32 offset;
} __packed;

/* The largest message body (NVSPv6 PD API completion) is 36 bytes. */
#define NVSP_MSG_BODY_BYTES	36

/**
 * struct nvsp_msg - one NVSP message as Linux sends it
 * @msg_type: NVSP_MSG_*.
 * @body: the type's body; @raw covers every byte for zero-filling.
 */
struct nvsp_msg {
	u32 msg_type;
	union {
		struct nvsp_init init;
		struct nvsp_init_complete init_complete;
		struct nvsp1_ndis_version ndis_version;
		struct nvsp1_send_buf send_buf;
		struct nvsp1_recv_buf_complete recv_buf_complete;
		struct nvsp1_revoke_buf revoke_buf;
		struct nvsp1_send_buf_complete send_buf_complete;
		struct nvsp1_rndis_pkt rndis_pkt;
		struct nvsp1_rndis_pkt_complete rndis_pkt_complete;
		struct nvsp2_ndis_config ndis_config;
		struct nvsp4_vf_association vf_association;
		struct nvsp4_switch_data_path switch_data_path;
		struct nvsp5_subchannel_request subchannel_request;
		struct nvsp5_subchannel_complete subchannel_complete;
		struct nvsp5_indirection_table indirection_table;
		u8 raw[NVSP_MSG_BODY_BYTES];
	} __packed body;
} __packed;

#define NVSP_MSG_SIZE		40
#define NVSP_MSG_HDR_SIZE	4

static_assert(sizeof(struct nvsp_init) == 8);
static_assert(sizeof(struct nvsp_init_complete) == 12);
static_assert(sizeof(struct nvsp1_ndis_version) == 8);
static_assert(sizeof(struct nvsp1_send_buf) == 6);
static_assert(sizeof(struct nvsp1_recv_buf_section) == 16);
static_assert(sizeof(struct nvsp1_recv_buf_complete) == 24);
static_assert(sizeof(struct nvsp1_revoke_buf) == 2);
static_assert(sizeof(struct nvsp1_send_buf_complete) == 8);
static_assert(sizeof(struct nvsp1_rndis_pkt) == 12);
static_assert(sizeof(struct nvsp1_rndis_pkt_complete) == 4);
static_assert(sizeof(struct nvsp2_ndis_config) == 16);
static_assert(sizeof(struct nvsp4_vf_association) == 8);
static_assert(sizeof(struct nvsp4_switch_data_path) == 4);
static_assert(sizeof(struct nvsp5_subchannel_request) == 8);
static_assert(sizeof(struct nvsp5_subchannel_complete) == 8);
static_assert(sizeof(struct nvsp5_indirection_table) == 8);
static_assert(sizeof(struct nvsp_msg) == NVSP_MSG_SIZE);

#endif /* _HVHOST_NETVSP_NVSP_PROTO_H */
