// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: NVSP, RNDIS and NDIS wire layouts, field by field, at the offsets
 * a guest (Linux's drivers/net/hyperv/hyperv_net.h, NDIS) puts them.
 */
#include <kunit/test.h>
#include <linux/stddef.h>

#include "nvsp_proto.h"
#include "rndis_proto.h"

struct wire_field {
	const char *name;
	size_t offset;
	size_t size;
	size_t want_offset;
	size_t want_size;
};

#define F(type, member, off, sz) {					\
	.name = #type "." #member,					\
	.offset = offsetof(struct type, member),			\
	.size = sizeof_field(struct type, member),			\
	.want_offset = (off),						\
	.want_size = (sz),						\
}

static const struct wire_field wire_fields[] = {
	F(nvsp_msg, msg_type, 0, 4),
	F(nvsp_msg, body, 4, 36),
	F(nvsp_init_complete, status, 8, 4),
	F(nvsp1_send_buf, id, 4, 2),
	F(nvsp1_recv_buf_complete, num_sections, 4, 4),
	F(nvsp1_recv_buf_complete, section, 8, 16),
	F(nvsp1_recv_buf_section, sub_alloc_size, 4, 4),
	F(nvsp1_recv_buf_section, num_sub_allocs, 8, 4),
	F(nvsp1_recv_buf_section, end_offset, 12, 4),
	F(nvsp1_send_buf_complete, section_size, 4, 4),
	F(nvsp1_rndis_pkt, send_buf_section_index, 4, 4),
	F(nvsp1_rndis_pkt, send_buf_section_size, 8, 4),
	F(nvsp2_ndis_config, capability, 8, 8),
	F(nvsp4_vf_association, serial, 4, 4),
	F(nvsp5_subchannel_complete, num_subchannels, 4, 4),
	F(rndis_msg_hdr, msg_len, 4, 4),
	F(rndis_init_request, max_xfer_size, 12, 4),
	F(rndis_init_complete, max_pkt_per_msg, 24, 4),
	F(rndis_init_complete, pkt_alignment_factor, 32, 4),
	F(rndis_init_complete, af_list_size, 40, 4),
	F(rndis_oid_request, info_buf_offset, 12, 4),
	F(rndis_oid_request, dev_vc_handle, 16, 4),
	F(rndis_query_complete, info_buf_offset, 12, 4),
	F(rndis_indicate_status, status_buf_offset, 8, 4),
	F(rndis_packet, per_pkt_info_offset, 20, 4),
	F(rndis_packet, reserved, 32, 4),
	F(rndis_ppi, ppi_offset, 8, 4),
	F(ndis_offload, csum, 4, 32),
	F(ndis_offload, lsov1, 36, 16),
	F(ndis_offload, ipsecv1, 52, 28),
	F(ndis_offload, lsov2, 80, 28),
	F(ndis_offload, flags, 108, 4),
	F(ndis_offload, ipsecv2, 112, 32),
	F(ndis_offload, rsc_ip4, 144, 1),
	F(ndis_offload, encap_gre_flags, 148, 4),
	F(ndis_ipsecv2_offload, udp_esp, 16, 4),
	F(ndis_offload_params, tcp_connection_ip_v6, 14, 1),
	F(ndis_offload_params, flags, 16, 4),
	F(ndis_offload_params, ip_sec_v2, 20, 1),
	F(ndis_offload_params, rsc_ip_v4, 22, 1),
	F(ndis_offload_params, encapsulation_types, 25, 1),
	F(ndis_rss_caps, num_recv_que, 12, 4),
	F(ndis_rss_caps, num_indirect_tabent, 16, 2),
	F(ndis_rss_params, hashinfo, 8, 4),
	F(ndis_rss_params, indirect_tabsize, 12, 2),
	F(ndis_rss_params, indirect_taboffset, 16, 4),
	F(ndis_rss_params, hashkey_size, 20, 2),
	F(ndis_rss_params, hashkey_offset, 24, 4),
	F(ndis_rss_params, processor_masks_entry_size, 36, 4),
	F(rndis_config_param, value_length, 16, 4),
};

static void wire_field_desc(const struct wire_field *f, char *desc)
{
	strscpy(desc, f->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(wire_field, wire_fields, wire_field_desc);

static void proto_field(struct kunit *test)
{
	const struct wire_field *f = test->param_value;

	KUNIT_EXPECT_EQ_MSG(test, f->offset, f->want_offset, "%s", f->name);
	KUNIT_EXPECT_EQ_MSG(test, f->size, f->want_size, "%s", f->name);
}

/* Message numbers a guest sends and expects, from hyperv_net.h's enum. */
static void proto_constants(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE, 108);
	KUNIT_EXPECT_EQ(test, NVSP_MSG2_SEND_NDIS_CONFIG, 125);
	KUNIT_EXPECT_EQ(test, NVSP_MSG4_SEND_VF_ASSOCIATION, 128);
	KUNIT_EXPECT_EQ(test, NVSP_MSG4_SWITCH_DATA_PATH, 129);
	KUNIT_EXPECT_EQ(test, NVSP_MSG5_SUBCHANNEL, 133);
	KUNIT_EXPECT_EQ(test, NVSP_MSG5_SEND_INDIRECTION_TABLE, 134);
	KUNIT_EXPECT_EQ(test, NVSP_MSG6_PD_POST_BATCH, 136);
	KUNIT_EXPECT_EQ(test, NVSP_VERSION_2, 0x30002);
	KUNIT_EXPECT_EQ(test, NVSP_VERSION_61, 0x60001);
	KUNIT_EXPECT_EQ(test, NVSP_CAP_RSC, 0x80);
	KUNIT_EXPECT_EQ(test, RNDIS_PPI_HASH_VALUE, 8);
	KUNIT_EXPECT_EQ(test, NDIS_LSO_TCP_OFF, 0x3ff00000);
	KUNIT_EXPECT_EQ(test, NDIS_CSUM_TX_TCP_OFF, 0x03ff0000);
	KUNIT_EXPECT_EQ(test, NDIS_VLAN_ID, 0xfff0);
}

static struct kunit_case proto_cases[] = {
	KUNIT_CASE_PARAM(proto_field, wire_field_gen_params),
	KUNIT_CASE(proto_constants),
	{}
};

static struct kunit_suite proto_suite = {
	.name = "hvhost_netvsp_proto",
	.test_cases = proto_cases,
};

kunit_test_suite(proto_suite);
