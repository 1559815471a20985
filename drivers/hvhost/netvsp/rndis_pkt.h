/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * RNDIS data packets, host side: splitting a send section into its RNDIS
 * messages, parsing a guest frame's header and per-packet info into
 * struct hvnet_pkt_meta, and writing the header of a frame for the guest.
 *
 * Everything works on host copies; nothing here reads guest memory.
 */
#ifndef _HVHOST_NETVSP_RNDIS_PKT_H
#define _HVHOST_NETVSP_RNDIS_PKT_H

#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/limits.h>
#include <linux/types.h>

#include "rndis_proto.h"

/* Largest frame a guest may send: a 64 KiB LSO packet with its headers. */
#define HVNET_PKT_DATA_MAX	(ETH_HLEN + VLAN_HLEN + 65535)
/* Per-packet info elements looked at per frame. */
#define HVNET_PKT_PPI_MAX	16
/* Smallest LSO MSS: Linux's tcp_min_snd_mss default. */
#define HVNET_LSO_MSS_MIN	48
#define HVNET_LSO_MSS_MAX	U16_MAX

#define HVNET_PKT_CSUM		BIT(0)
#define HVNET_PKT_LSO		BIT(1)
#define HVNET_PKT_VLAN		BIT(2)
#define HVNET_PKT_HASH		BIT(3)
#define HVNET_PKT_FRAG		BIT(4)

/* RNDIS_PKTINFO_ID flags: a fragment of a coalesced (RSC) frame. */
#define HVNET_FRAG_SUBALLOC	BIT(0)
#define HVNET_FRAG_FIRST	BIT(1)
#define HVNET_FRAG_LAST		BIT(2)

/**
 * struct hvnet_pkt_meta - a guest frame, checked
 * @data_offset: where the frame starts, from the start of the RNDIS message.
 * @data_len: frame length, ETH_HLEN..HVNET_PKT_DATA_MAX.
 * @flags: HVNET_PKT_* per-packet infos present.
 * @csum_ipv4: checksum request: the frame is IPv4.
 * @csum_ipv6: checksum request: the frame is IPv6.
 * @csum_tcp: fill in the TCP checksum.
 * @csum_udp: fill in the UDP checksum.
 * @csum_ip_hdr: fill in the IPv4 header checksum.
 * @l4_offset: TCP/UDP header offset in the frame, for checksum or LSO.
 * @lso_mss: segment size, HVNET_LSO_MSS_MIN..HVNET_LSO_MSS_MAX.
 * @lso_ipv6: LSO of an IPv6 frame.
 * @vlan_tci: 802.1Q tag control (priority, CFI, VLAN id).
 * @hash: the guest's flow hash.
 * @unknown_ppis: per-packet infos of types the host skips.
 */
struct hvnet_pkt_meta {
	u32 data_offset;
	u32 data_len;
	u32 flags;
	bool csum_ipv4;
	bool csum_ipv6;
	bool csum_tcp;
	bool csum_udp;
	bool csum_ip_hdr;
	u16 l4_offset;
	u16 lso_mss;
	bool lso_ipv6;
	u16 vlan_tci;
	u32 hash;
	u32 unknown_ppis;
};

/**
 * struct hvnet_rx_meta - what the host tells the guest about a frame
 * @flags: HVNET_PKT_VLAN, HVNET_PKT_HASH, HVNET_PKT_CSUM (then
 *	@csum_rx holds NDIS_CSUM_RX_* bits) and HVNET_PKT_FRAG (then the
 *	message is one fragment of a coalesced frame: @frag, @pkt_id).
 * @csum_rx: receive checksum state.
 * @vlan_tci: 802.1Q tag control.
 * @hash: flow hash.
 * @frag: HVNET_FRAG_* of this fragment.
 * @pkt_id: the coalesced frame's id, the same in all its fragments.
 */
struct hvnet_rx_meta {
	u32 flags;
	u32 csum_rx;
	u16 vlan_tci;
	u32 hash;
	u8 frag;
	u16 pkt_id;
};

/* Header plus the four per-packet infos hvnet_rndis_build_data() writes. */
#define HVNET_RNDIS_RX_HDR_MAX \
	(RNDIS_HDR_SIZE + sizeof(struct rndis_packet) + \
	 4 * (sizeof(struct rndis_ppi) + sizeof(u32)))

typedef int (*hvnet_rndis_msg_fn)(void *ctx, const u8 *msg, u32 len);

int hvnet_rndis_walk(const u8 *buf, u32 len, u32 max_msgs,
		     hvnet_rndis_msg_fn fn, void *ctx);
int hvnet_rndis_pkt_parse(const u8 *msg, u32 copied, u32 total,
			  struct hvnet_pkt_meta *meta);
u32 hvnet_rndis_data_hdr_len(const struct hvnet_rx_meta *rx);
u32 hvnet_rndis_build_data(const struct hvnet_rx_meta *rx, u32 data_len,
			   u8 *buf);

#endif /* _HVHOST_NETVSP_RNDIS_PKT_H */
