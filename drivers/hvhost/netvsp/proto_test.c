// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: NVSP, RNDIS and NDIS wire layouts, field by field, at the offsets
 * a guest (Linux's drivers/net/hyperv/hyperv_net.h, NDIS) puts them.
 */
#include <kunit/test.h>
#include <linux/stddef.h>

#include "nvsp_proto.h"
#include "rndis_proto.h"

/* Each field at the offset and with the size a guest uses. */
static void proto_fields(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, offsetof(struct nvsp_msg, msg_type), 0);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct nvsp_msg, msg_type), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct nvsp_msg, body), 4);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct nvsp_msg, body), 36);
	KUNIT_EXPECT_EQ(test, offsetof(struct nvsp_init_complete, status), 8);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct nvsp_init_complete, status), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct nvsp1_send_buf, id), 4);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct nvsp1_send_buf, id), 2);
	KUNIT_EXPECT_EQ(test, offsetof(struct nvsp1_recv_buf_complete, num_sections), 4);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct nvsp1_recv_buf_complete, num_sections), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct nvsp1_recv_buf_complete, section), 8);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct nvsp1_recv_buf_complete, section), 16);
	KUNIT_EXPECT_EQ(test, offsetof(struct nvsp1_recv_buf_section, sub_alloc_size), 4);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct nvsp1_recv_buf_section, sub_alloc_size), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct nvsp1_recv_buf_section, num_sub_allocs), 8);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct nvsp1_recv_buf_section, num_sub_allocs), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct nvsp1_recv_buf_section, end_offset), 12);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct nvsp1_recv_buf_section, end_offset), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct nvsp1_send_buf_complete, section_size), 4);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct nvsp1_send_buf_complete, section_size), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct nvsp1_rndis_pkt, send_buf_section_index), 4);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct nvsp1_rndis_pkt, send_buf_section_index), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct nvsp1_rndis_pkt, send_buf_section_size), 8);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct nvsp1_rndis_pkt, send_buf_section_size), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct nvsp2_ndis_config, capability), 8);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct nvsp2_ndis_config, capability), 8);
	KUNIT_EXPECT_EQ(test, offsetof(struct nvsp4_vf_association, serial), 4);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct nvsp4_vf_association, serial), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct nvsp5_subchannel_complete, num_subchannels), 4);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct nvsp5_subchannel_complete, num_subchannels), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct rndis_msg_hdr, msg_len), 4);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct rndis_msg_hdr, msg_len), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct rndis_init_request, max_xfer_size), 12);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct rndis_init_request, max_xfer_size), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct rndis_init_complete, max_pkt_per_msg), 24);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct rndis_init_complete, max_pkt_per_msg), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct rndis_init_complete, pkt_alignment_factor), 32);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct rndis_init_complete, pkt_alignment_factor), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct rndis_init_complete, af_list_size), 40);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct rndis_init_complete, af_list_size), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct rndis_oid_request, info_buf_offset), 12);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct rndis_oid_request, info_buf_offset), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct rndis_oid_request, dev_vc_handle), 16);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct rndis_oid_request, dev_vc_handle), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct rndis_query_complete, info_buf_offset), 12);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct rndis_query_complete, info_buf_offset), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct rndis_indicate_status, status_buf_offset), 8);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct rndis_indicate_status, status_buf_offset), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct rndis_packet, per_pkt_info_offset), 20);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct rndis_packet, per_pkt_info_offset), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct rndis_packet, reserved), 32);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct rndis_packet, reserved), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct rndis_ppi, ppi_offset), 8);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct rndis_ppi, ppi_offset), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct ndis_offload, csum), 4);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct ndis_offload, csum), 32);
	KUNIT_EXPECT_EQ(test, offsetof(struct ndis_offload, lsov1), 36);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct ndis_offload, lsov1), 16);
	KUNIT_EXPECT_EQ(test, offsetof(struct ndis_offload, ipsecv1), 52);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct ndis_offload, ipsecv1), 28);
	KUNIT_EXPECT_EQ(test, offsetof(struct ndis_offload, lsov2), 80);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct ndis_offload, lsov2), 28);
	KUNIT_EXPECT_EQ(test, offsetof(struct ndis_offload, flags), 108);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct ndis_offload, flags), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct ndis_offload, ipsecv2), 112);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct ndis_offload, ipsecv2), 32);
	KUNIT_EXPECT_EQ(test, offsetof(struct ndis_offload, rsc_ip4), 144);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct ndis_offload, rsc_ip4), 1);
	KUNIT_EXPECT_EQ(test, offsetof(struct ndis_offload, encap_gre_flags), 148);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct ndis_offload, encap_gre_flags), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct ndis_ipsecv2_offload, udp_esp), 16);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct ndis_ipsecv2_offload, udp_esp), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct ndis_offload_params, tcp_connection_ip_v6), 14);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct ndis_offload_params, tcp_connection_ip_v6), 1);
	KUNIT_EXPECT_EQ(test, offsetof(struct ndis_offload_params, flags), 16);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct ndis_offload_params, flags), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct ndis_offload_params, ip_sec_v2), 20);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct ndis_offload_params, ip_sec_v2), 1);
	KUNIT_EXPECT_EQ(test, offsetof(struct ndis_offload_params, rsc_ip_v4), 22);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct ndis_offload_params, rsc_ip_v4), 1);
	KUNIT_EXPECT_EQ(test, offsetof(struct ndis_offload_params, encapsulation_types), 25);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct ndis_offload_params, encapsulation_types), 1);
	KUNIT_EXPECT_EQ(test, offsetof(struct ndis_rss_caps, num_recv_que), 12);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct ndis_rss_caps, num_recv_que), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct ndis_rss_caps, num_indirect_tabent), 16);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct ndis_rss_caps, num_indirect_tabent), 2);
	KUNIT_EXPECT_EQ(test, offsetof(struct ndis_rss_params, hashinfo), 8);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct ndis_rss_params, hashinfo), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct ndis_rss_params, indirect_tabsize), 12);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct ndis_rss_params, indirect_tabsize), 2);
	KUNIT_EXPECT_EQ(test, offsetof(struct ndis_rss_params, indirect_taboffset), 16);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct ndis_rss_params, indirect_taboffset), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct ndis_rss_params, hashkey_size), 20);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct ndis_rss_params, hashkey_size), 2);
	KUNIT_EXPECT_EQ(test, offsetof(struct ndis_rss_params, hashkey_offset), 24);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct ndis_rss_params, hashkey_offset), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct ndis_rss_params, processor_masks_entry_size), 36);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct ndis_rss_params, processor_masks_entry_size), 4);
	KUNIT_EXPECT_EQ(test, offsetof(struct rndis_config_param, value_length), 16);
	KUNIT_EXPECT_EQ(test, sizeof_field(struct rndis_config_param, value_length), 4);
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
	KUNIT_CASE(proto_fields),
	KUNIT_CASE(proto_constants),
	{}
};

static struct kunit_suite proto_suite = {
	.name = "hvhost_netvsp_proto",
	.test_cases = proto_cases,
};

kunit_test_suite(proto_suite);
