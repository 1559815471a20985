/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * RNDIS and NDIS object wire formats as a Hyper-V synthetic NIC uses them.
 *
 * Message types, status codes, OIDs and packet filter bits come from the
 * kernel's <linux/rndis.h>; this header adds the message layouts and the
 * NDIS objects (offload, RSS) that Hyper-V carries inside RNDIS.
 *
 * Every RNDIS message starts with struct rndis_msg_hdr; offsets inside a
 * message body (info_buf_offset, data_offset, per_pkt_info_offset) count
 * from the first byte after that 8-byte header.  Little endian; sizes
 * asserted at the end of this file.
 */
#ifndef _HVHOST_NETVSP_RNDIS_PROTO_H
#define _HVHOST_NETVSP_RNDIS_PROTO_H

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/rndis.h>
#include <linux/stddef.h>
#include <linux/types.h>

/* OIDs Hyper-V adds to <linux/rndis.h>'s list. */
#define OID_GEN_RECEIVE_SCALE_CAPABILITIES	0x00010203
#define OID_GEN_RECEIVE_SCALE_PARAMETERS	0x00010204
#define OID_TCP_OFFLOAD_CURRENT_CONFIG		0xfc01020b
#define OID_TCP_OFFLOAD_PARAMETERS		0xfc01020c
#define OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES	0xfc01020d

/* NDIS object header types. */
#define NDIS_OBJECT_TYPE_DEFAULT		0x80
#define NDIS_OBJECT_TYPE_RSS_CAPABILITIES	0x88
#define NDIS_OBJECT_TYPE_RSS_PARAMETERS		0x89
#define NDIS_OBJECT_TYPE_OFFLOAD		0xa7

struct ndis_object_header {
	u8 type;
	u8 revision;
	u16 size;
} __packed;

struct rndis_msg_hdr {
	u32 msg_type;
	u32 msg_len;
} __packed;

#define RNDIS_HDR_SIZE		8

struct rndis_init_request {
	u32 req_id;
	u32 major_ver;
	u32 minor_ver;
	u32 max_xfer_size;
} __packed;

struct rndis_init_complete {
	u32 req_id;
	u32 status;
	u32 major_ver;
	u32 minor_ver;
	u32 dev_flags;
	u32 medium;
	u32 max_pkt_per_msg;
	u32 max_xfer_size;
	u32 pkt_alignment_factor;
	u32 af_list_offset;
	u32 af_list_size;
} __packed;

/* HALT and KEEPALIVE requests carry only the request id. */
struct rndis_req_id {
	u32 req_id;
} __packed;

/* QUERY and SET requests share one layout. */
struct rndis_oid_request {
	u32 req_id;
	u32 oid;
	u32 info_buflen;
	u32 info_buf_offset;
	u32 dev_vc_handle;
} __packed;

struct rndis_query_complete {
	u32 req_id;
	u32 status;
	u32 info_buflen;
	u32 info_buf_offset;
} __packed;

/* SET and KEEPALIVE completions share one layout. */
struct rndis_status_complete {
	u32 req_id;
	u32 status;
} __packed;

struct rndis_reset_request {
	u32 reserved;
} __packed;

struct rndis_reset_complete {
	u32 status;
	u32 addressing_reset;
} __packed;

struct rndis_indicate_status {
	u32 status;
	u32 status_buflen;
	u32 status_buf_offset;
} __packed;

struct rndis_packet {
	u32 data_offset;
	u32 data_len;
	u32 oob_data_offset;
	u32 oob_data_len;
	u32 num_oob_data_elements;
	u32 per_pkt_info_offset;
	u32 per_pkt_info_len;
	u32 vc_handle;
	u32 reserved;
} __packed;

/* A per-packet info element; its data starts at ppi_offset from itself. */
struct rndis_ppi {
	u32 size;
	u32 type;
	u32 ppi_offset;
} __packed;

#define RNDIS_PPI_INTERNAL		BIT(31)
#define RNDIS_PPI_TYPE_MASK		(~RNDIS_PPI_INTERNAL)

/* Per-packet info types (NDIS_PER_PACKET_INFO). */
#define RNDIS_PPI_CSUM			0
#define RNDIS_PPI_IPSEC			1
#define RNDIS_PPI_LSO			2
#define RNDIS_PPI_CLASSIFICATION	3
#define RNDIS_PPI_SG_LIST		5
#define RNDIS_PPI_VLAN			6
#define RNDIS_PPI_ORIGINAL		7
#define RNDIS_PPI_HASH_VALUE		8
/* With RNDIS_PPI_INTERNAL set: fragment/packet id of RSC receives. */
#define RNDIS_PPI_INTERNAL_PKT_ID	1

/* TCPIP_CHKSUM_PKTINFO, transmit direction. */
#define NDIS_CSUM_TX_IPV4		BIT(0)
#define NDIS_CSUM_TX_IPV6		BIT(1)
#define NDIS_CSUM_TX_TCP		BIT(2)
#define NDIS_CSUM_TX_UDP		BIT(3)
#define NDIS_CSUM_TX_IP_HDR		BIT(4)
#define NDIS_CSUM_TX_RESERVED		GENMASK(15, 5)
#define NDIS_CSUM_TX_TCP_OFF		GENMASK(25, 16)
/* TCPIP_CHKSUM_PKTINFO, receive direction. */
#define NDIS_CSUM_RX_TCP_FAILED		BIT(0)
#define NDIS_CSUM_RX_UDP_FAILED		BIT(1)
#define NDIS_CSUM_RX_IP_FAILED		BIT(2)
#define NDIS_CSUM_RX_TCP_OK		BIT(3)
#define NDIS_CSUM_RX_UDP_OK		BIT(4)
#define NDIS_CSUM_RX_IP_OK		BIT(5)

/* TCP_LARGESEND_PKTINFO, LSOv1/v2 transmit. */
#define NDIS_LSO_MSS			GENMASK(19, 0)
#define NDIS_LSO_TCP_OFF		GENMASK(29, 20)
#define NDIS_LSO_TYPE_V2		BIT(30)
#define NDIS_LSO_V2_IPV6		BIT(31)

/* IEEE_8021Q_INFO. */
#define NDIS_VLAN_PRI			GENMASK(2, 0)
#define NDIS_VLAN_CFI			BIT(3)
#define NDIS_VLAN_ID			GENMASK(15, 4)
#define NDIS_VLAN_RESERVED		GENMASK(31, 16)

/* NDIS_OFFLOAD: what the host can offload (OID_TCP_OFFLOAD_HARDWARE_*). */
struct ndis_csum_offload {
	u32 ip4_txenc;
	u32 ip4_txcsum;
	u32 ip4_rxenc;
	u32 ip4_rxcsum;
	u32 ip6_txenc;
	u32 ip6_txcsum;
	u32 ip6_rxenc;
	u32 ip6_rxcsum;
} __packed;

#define NDIS_TXCSUM_CAP_IP4OPT		0x001
#define NDIS_TXCSUM_CAP_TCP4OPT		0x004
#define NDIS_TXCSUM_CAP_TCP4		0x010
#define NDIS_TXCSUM_CAP_UDP4		0x040
#define NDIS_TXCSUM_CAP_IP4		0x100
#define NDIS_TXCSUM_CAP_IP6EXT		0x001
#define NDIS_TXCSUM_CAP_TCP6OPT		0x004
#define NDIS_TXCSUM_CAP_TCP6		0x010
#define NDIS_TXCSUM_CAP_UDP6		0x040
#define NDIS_OFFLOAD_ENCAP_8023		0x0002

struct ndis_lsov1_offload {
	u32 encap;
	u32 maxsize;
	u32 minsegs;
	u32 opts;
} __packed;

struct ndis_ipsecv1_offload {
	u32 encap;
	u32 ah_esp;
	u32 xport_tun;
	u32 ip4_opts;
	u32 flags;
	u32 ip4_ah;
	u32 ip4_esp;
} __packed;

struct ndis_lsov2_offload {
	u32 ip4_encap;
	u32 ip4_maxsz;
	u32 ip4_minsg;
	u32 ip6_encap;
	u32 ip6_maxsz;
	u32 ip6_minsg;
	u32 ip6_opts;
} __packed;

struct ndis_ipsecv2_offload {
	u32 encap;
	u8 ip6;
	u8 ip4opt;
	u8 ip6ext;
	u8 ah;
	u8 esp;
	u8 ah_esp;
	u8 xport;
	u8 tun;
	u8 xport_tun;
	u8 lso;
	u8 extseq;
	u8 pad;
	u32 udp_esp;
	u32 auth;
	u32 crypto;
	u32 sa_caps;
} __packed;

struct ndis_offload {
	struct ndis_object_header header;
	struct ndis_csum_offload csum;
	struct ndis_lsov1_offload lsov1;
	struct ndis_ipsecv1_offload ipsecv1;
	struct ndis_lsov2_offload lsov2;
	u32 flags;
	struct ndis_ipsecv2_offload ipsecv2;
	u8 rsc_ip4;
	u8 rsc_ip6;
	u8 pad[2];
	u32 encap_gre_flags;
	u32 encap_gre_maxhdr;
} __packed;

/* NDIS_OFFLOAD sizes per revision: NDIS 6.0, 6.1, 6.30. */
#define NDIS_OFFLOAD_REVISION_1		1
#define NDIS_OFFLOAD_REVISION_2		2
#define NDIS_OFFLOAD_REVISION_3		3
#define NDIS_OFFLOAD_SIZE_6_0		112
#define NDIS_OFFLOAD_SIZE_6_1		144
#define NDIS_OFFLOAD_SIZE_6_30		156

/* NDIS_OFFLOAD_PARAMETERS: what the guest wants (OID_TCP_OFFLOAD_PARAMETERS). */
struct ndis_offload_params {
	struct ndis_object_header header;
	u8 ip_v4_csum;
	u8 tcp_ip_v4_csum;
	u8 udp_ip_v4_csum;
	u8 tcp_ip_v6_csum;
	u8 udp_ip_v6_csum;
	u8 lso_v1;
	u8 ip_sec_v1;
	u8 lso_v2_ipv4;
	u8 lso_v2_ipv6;
	u8 tcp_connection_ip_v4;
	u8 tcp_connection_ip_v6;
	u8 pad1;
	u32 flags;
	u8 ip_sec_v2;
	u8 ip_sec_v2_ip_v4;
	u8 rsc_ip_v4;
	u8 rsc_ip_v6;
	u8 encapsulated_packet_task_offload;
	u8 encapsulation_types;
	u8 pad2[2];
} __packed;

/* Values of the u8 fields above. */
#define NDIS_OFFLOAD_PARAMS_NO_CHANGE		0
#define NDIS_OFFLOAD_PARAMS_CSUM_DISABLED	1
#define NDIS_OFFLOAD_PARAMS_CSUM_TX		2
#define NDIS_OFFLOAD_PARAMS_CSUM_RX		3
#define NDIS_OFFLOAD_PARAMS_CSUM_TX_RX		4
#define NDIS_OFFLOAD_PARAMS_DISABLED		1
#define NDIS_OFFLOAD_PARAMS_ENABLED		2
/* Sizes by revision; Linux sends revision 3 with 22 or 28 bytes. */
#define NDIS_OFFLOAD_PARAMS_SIZE_MIN		20
#define NDIS_OFFLOAD_PARAMS_SIZE_MAX		28

/* NDIS_RECEIVE_SCALE_CAPABILITIES as Hyper-V packs it (18 bytes). */
struct ndis_rss_caps {
	struct ndis_object_header header;
	u32 cap_flags;
	u32 num_int_msg;
	u32 num_recv_que;
	u16 num_indirect_tabent;
} __packed;

#define NDIS_RSS_CAPS_REVISION_2		2
#define NDIS_RSS_CAPS_HASH_TYPE_TCP_IPV4	0x00000100
#define NDIS_RSS_CAPS_HASH_TYPE_TCP_IPV6	0x00000200

/* NDIS_RECEIVE_SCALE_PARAMETERS, naturally aligned (padding spelled out). */
struct ndis_rss_params {
	struct ndis_object_header header;
	u16 flags;
	u16 base_cpu_number;
	u32 hashinfo;
	u16 indirect_tabsize;
	u16 pad1;
	u32 indirect_taboffset;
	u16 hashkey_size;
	u16 pad2;
	u32 hashkey_offset;
	u32 processor_masks_offset;
	u32 num_processor_masks;
	u32 processor_masks_entry_size;
} __packed;

#define NDIS_RSS_PARAMS_REVISION_1		1
#define NDIS_RSS_PARAMS_REVISION_2		2
#define NDIS_RSS_PARAMS_SIZE_REVISION_1		28
#define NDIS_RSS_PARAMS_SIZE_REVISION_2		40
#define NDIS_RSS_PARAM_FLAG_BASE_CPU_UNCHANGED	0x0001
#define NDIS_RSS_PARAM_FLAG_HASH_INFO_UNCHANGED	0x0002
#define NDIS_RSS_PARAM_FLAG_ITABLE_UNCHANGED	0x0004
#define NDIS_RSS_PARAM_FLAG_HASH_KEY_UNCHANGED	0x0008
#define NDIS_RSS_PARAM_FLAG_DISABLE_RSS		0x0010
#define NDIS_RSS_PARAM_FLAGS_ALL		0x001f
#define NDIS_RSS_HASH_KEY_SIZE_MAX		40
#define NDIS_RSS_INDIRECTION_ENTRIES_MAX	128

/* NDIS_HASH_* bits of hashinfo. */
#define NDIS_HASH_FUNC_TOEPLITZ			0x00000001
#define NDIS_HASH_FUNC_MASK			0x000000ff
#define NDIS_HASH_IPV4				0x00000100
#define NDIS_HASH_TCP_IPV4			0x00000200
#define NDIS_HASH_IPV6				0x00000400
#define NDIS_HASH_IPV6_EX			0x00000800
#define NDIS_HASH_TCP_IPV6			0x00001000
#define NDIS_HASH_TCP_IPV6_EX			0x00002000
#define NDIS_HASH_TYPES_MASK			0x00003f00

/* RNDIS_OID_GEN_RNDIS_CONFIG_PARAMETER: a named value, UTF-16LE. */
struct rndis_config_param {
	u32 name_offset;
	u32 name_length;
	u32 type;
	u32 value_offset;
	u32 value_length;
} __packed;

#define RNDIS_CONFIG_PARAM_TYPE_INTEGER		0
#define RNDIS_CONFIG_PARAM_TYPE_STRING		2

static_assert(sizeof(struct ndis_object_header) == 4);
static_assert(sizeof(struct rndis_msg_hdr) == RNDIS_HDR_SIZE);
static_assert(sizeof(struct rndis_init_request) == 16);
static_assert(sizeof(struct rndis_init_complete) == 44);
static_assert(sizeof(struct rndis_req_id) == 4);
static_assert(sizeof(struct rndis_oid_request) == 20);
static_assert(sizeof(struct rndis_query_complete) == 16);
static_assert(sizeof(struct rndis_status_complete) == 8);
static_assert(sizeof(struct rndis_reset_request) == 4);
static_assert(sizeof(struct rndis_reset_complete) == 8);
static_assert(sizeof(struct rndis_indicate_status) == 12);
static_assert(sizeof(struct rndis_packet) == 36);
static_assert(sizeof(struct rndis_ppi) == 12);
static_assert(sizeof(struct ndis_csum_offload) == 32);
static_assert(sizeof(struct ndis_ipsecv2_offload) == 32);
static_assert(sizeof(struct ndis_offload) == NDIS_OFFLOAD_SIZE_6_30);
static_assert(offsetof(struct ndis_offload, ipsecv2) == NDIS_OFFLOAD_SIZE_6_0);
static_assert(offsetof(struct ndis_offload, rsc_ip4) == NDIS_OFFLOAD_SIZE_6_1);
static_assert(sizeof(struct ndis_offload_params) == NDIS_OFFLOAD_PARAMS_SIZE_MAX);
static_assert(offsetof(struct ndis_offload_params, rsc_ip_v4) == 22);
static_assert(sizeof(struct ndis_rss_caps) == 18);
static_assert(sizeof(struct ndis_rss_params) == NDIS_RSS_PARAMS_SIZE_REVISION_2);
static_assert(sizeof(struct rndis_config_param) == 20);

#endif /* _HVHOST_NETVSP_RNDIS_PROTO_H */
