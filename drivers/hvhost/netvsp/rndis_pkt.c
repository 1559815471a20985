// SPDX-License-Identifier: GPL-2.0-only
/*
 * RNDIS data packets, host side.
 *
 * A guest frame arrives as an RNDIS_MSG_PACKET: a header, an optional list
 * of per-packet info elements (checksum, LSO, VLAN, hash requests) and the
 * frame.  Several messages may share one send section.  All offsets and
 * lengths come from the guest, so each is checked against the bytes that
 * are really there, in 32-bit arithmetic that cannot wrap, and the work per
 * section and per frame is bounded.
 */
#include <linux/bitfield.h>
#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <linux/tcp.h>
#include <linux/udp.h>

#include "rndis_pkt.h"

/**
 * hvnet_rndis_walk() - hand each RNDIS message of a section to @fn
 * @buf: the section, a host copy.
 * @len: its length.
 * @max_msgs: most messages accepted in one section.
 * @fn: called once per message with its bytes (header included).
 * @ctx: passed to @fn.
 *
 * The framing of the whole section is checked first, so @fn sees nothing
 * of a section that is badly framed: every message has at least a header,
 * fits in what remains, and the section ends exactly after the last one.
 *
 * Return: the number of messages, or -EINVAL for bad framing, -E2BIG for
 * more than @max_msgs messages, or the first error @fn returned.
 */
int hvnet_rndis_walk(const u8 *buf, u32 len, u32 max_msgs,
		     hvnet_rndis_msg_fn fn, void *ctx)
{
	struct rndis_msg_hdr h;
	u32 off, n = 0;
	int err;

	for (off = 0; off < len; off += h.msg_len) {
		if (len - off < RNDIS_HDR_SIZE)
			return -EINVAL;
		memcpy(&h, buf + off, sizeof(h));
		if (h.msg_len < RNDIS_HDR_SIZE || h.msg_len > len - off)
			return -EINVAL;
		if (++n > max_msgs)
			return -E2BIG;
	}
	if (!n)
		return -EINVAL;
	for (off = 0; off < len; off += h.msg_len) {
		memcpy(&h, buf + off, sizeof(h));
		err = fn(ctx, buf + off, h.msg_len);
		if (err)
			return err;
	}
	return n;
}

/* [off, off + len) inside [0, size), without wrapping. */
static bool range_ok(u32 off, u32 len, u32 size)
{
	return off <= size && len <= size - off;
}

static bool ranges_disjoint(u32 a, u32 alen, u32 b, u32 blen)
{
	return a + alen <= b || b + blen <= a;
}

static int pkt_csum(u32 v, struct hvnet_pkt_meta *m)
{
	u32 l3min, l4min;

	if (v & (NDIS_CSUM_TX_RESERVED | ~(GENMASK(25, 0))))
		return -EINVAL;
	m->csum_ipv4 = v & NDIS_CSUM_TX_IPV4;
	m->csum_ipv6 = v & NDIS_CSUM_TX_IPV6;
	m->csum_tcp = v & NDIS_CSUM_TX_TCP;
	m->csum_udp = v & NDIS_CSUM_TX_UDP;
	m->csum_ip_hdr = v & NDIS_CSUM_TX_IP_HDR;
	if (m->csum_ipv4 && m->csum_ipv6)
		return -EINVAL;
	if (m->csum_ip_hdr && !m->csum_ipv4)
		return -EINVAL;
	if (!m->csum_tcp && !m->csum_udp)
		return 0;
	if (m->csum_tcp && m->csum_udp)
		return -EINVAL;
	if (!m->csum_ipv4 && !m->csum_ipv6)
		return -EINVAL;
	l3min = m->csum_ipv4 ? sizeof(struct iphdr) : sizeof(struct ipv6hdr);
	l4min = m->csum_tcp ? sizeof(struct tcphdr) : sizeof(struct udphdr);
	m->l4_offset = FIELD_GET(NDIS_CSUM_TX_TCP_OFF, v);
	if (m->l4_offset < ETH_HLEN + l3min ||
	    !range_ok(m->l4_offset, l4min, m->data_len))
		return -EINVAL;
	return 0;
}

static int pkt_lso(u32 v, struct hvnet_pkt_meta *m)
{
	u32 mss = FIELD_GET(NDIS_LSO_MSS, v);
	u32 off = FIELD_GET(NDIS_LSO_TCP_OFF, v);
	u32 l3min;

	/* The IP version bit exists only in LSOv2. */
	if (!(v & NDIS_LSO_TYPE_V2) && (v & NDIS_LSO_V2_IPV6))
		return -EINVAL;
	m->lso_ipv6 = v & NDIS_LSO_V2_IPV6;
	l3min = m->lso_ipv6 ? sizeof(struct ipv6hdr) : sizeof(struct iphdr);
	if (mss < HVNET_LSO_MSS_MIN || mss > HVNET_LSO_MSS_MAX)
		return -EINVAL;
	if (off < ETH_HLEN + l3min ||
	    !range_ok(off, sizeof(struct tcphdr), m->data_len))
		return -EINVAL;
	/* A checksum request must agree on where TCP starts. */
	if ((m->flags & HVNET_PKT_CSUM) && m->csum_tcp && m->l4_offset != off)
		return -EINVAL;
	m->lso_mss = mss;
	m->l4_offset = off;
	return 0;
}

static int pkt_vlan(u32 v, struct hvnet_pkt_meta *m)
{
	u16 vid = FIELD_GET(NDIS_VLAN_ID, v);

	if ((v & NDIS_VLAN_RESERVED) || vid == VLAN_VID_MASK)
		return -EINVAL;
	m->vlan_tci = FIELD_GET(NDIS_VLAN_PRI, v) << VLAN_PRIO_SHIFT |
		      (v & NDIS_VLAN_CFI ? VLAN_CFI_MASK : 0) | vid;
	return 0;
}

/* One known per-packet info; each may appear once. */
static int pkt_ppi_one(u32 type, u32 v, struct hvnet_pkt_meta *m)
{
	static const u32 flag[] = {
		[RNDIS_PPI_CSUM] = HVNET_PKT_CSUM,
		[RNDIS_PPI_LSO] = HVNET_PKT_LSO,
		[RNDIS_PPI_VLAN] = HVNET_PKT_VLAN,
		[RNDIS_PPI_HASH_VALUE] = HVNET_PKT_HASH,
	};

	if (type >= ARRAY_SIZE(flag) || !flag[type]) {
		m->unknown_ppis++;
		return 0;
	}
	if (m->flags & flag[type])
		return -EINVAL;
	m->flags |= flag[type];
	switch (type) {
	case RNDIS_PPI_CSUM:
		return pkt_csum(v, m);
	case RNDIS_PPI_LSO:
		return 0;	/* checked after all PPIs: needs the csum info */
	case RNDIS_PPI_VLAN:
		return pkt_vlan(v, m);
	default:
		m->hash = v;
		return 0;
	}
}

/*
 * Walk the per-packet info list at @ppi (@len bytes, inside the copy).
 * Each element is at least its 12-byte header, so the loop ends; it is
 * also capped at HVNET_PKT_PPI_MAX elements.
 */
static int pkt_ppis(const u8 *ppi, u32 len, struct hvnet_pkt_meta *m,
		    u32 *lso)
{
	struct rndis_ppi p;
	u32 off, n = 0, v;
	int err;

	for (off = 0; off < len; off += p.size) {
		if (len - off < sizeof(p) || ++n > HVNET_PKT_PPI_MAX)
			return -EINVAL;
		memcpy(&p, ppi + off, sizeof(p));
		if (p.size < sizeof(p) || p.size > len - off ||
		    p.ppi_offset < sizeof(p) || p.ppi_offset > p.size)
			return -EINVAL;
		if (p.type & RNDIS_PPI_INTERNAL) {
			m->unknown_ppis++;
			continue;
		}
		if (p.size - p.ppi_offset < sizeof(v))
			return -EINVAL;
		memcpy(&v, ppi + off + p.ppi_offset, sizeof(v));
		err = pkt_ppi_one(p.type, v, m);
		if (err)
			return err;
		if (p.type == RNDIS_PPI_LSO)
			*lso = v;
	}
	return 0;
}

/* The rndis_packet fields: data, OOB and PPI bounds inside @blen. */
static int pkt_bounds(const struct rndis_packet *pkt, u32 blen, u32 copied)
{
	if (pkt->oob_data_len || pkt->num_oob_data_elements)
		return -EINVAL;
	if (pkt->data_offset < sizeof(*pkt) ||
	    !range_ok(pkt->data_offset, pkt->data_len, blen) ||
	    pkt->data_len < ETH_HLEN || pkt->data_len > HVNET_PKT_DATA_MAX)
		return -EINVAL;
	if (!pkt->per_pkt_info_len)
		return 0;
	/* The PPIs lie in the copied part, apart from the frame. */
	if (pkt->per_pkt_info_offset < sizeof(*pkt) ||
	    !range_ok(pkt->per_pkt_info_offset, pkt->per_pkt_info_len,
		      copied - RNDIS_HDR_SIZE) ||
	    !ranges_disjoint(pkt->per_pkt_info_offset, pkt->per_pkt_info_len,
			     pkt->data_offset, pkt->data_len))
		return -EINVAL;
	return 0;
}

/**
 * hvnet_rndis_pkt_parse() - check a guest frame and collect its metadata
 * @msg: the RNDIS_MSG_PACKET message, a host copy of at least its header
 *	and per-packet infos.
 * @copied: bytes at @msg.
 * @total: bytes of the message the guest supplied in all (send section plus
 *	GPA ranges); at least @copied.  The frame must lie inside @total.
 * @meta: filled with the frame's location and requests.
 *
 * Return: 0, or -EINVAL for a malformed message (the caller completes it
 * with a failure status and counts a transmit error).
 */
int hvnet_rndis_pkt_parse(const u8 *msg, u32 copied, u32 total,
			  struct hvnet_pkt_meta *meta)
{
	struct rndis_packet pkt;
	struct rndis_msg_hdr h;
	u32 lso = 0, blen;
	int err;

	memset(meta, 0, sizeof(*meta));
	if (copied > total || copied < RNDIS_HDR_SIZE + sizeof(pkt))
		return -EINVAL;
	memcpy(&h, msg, sizeof(h));
	memcpy(&pkt, msg + RNDIS_HDR_SIZE, sizeof(pkt));
	if (h.msg_type != RNDIS_MSG_PACKET ||
	    h.msg_len < RNDIS_HDR_SIZE + sizeof(pkt) || h.msg_len > total)
		return -EINVAL;
	blen = h.msg_len - RNDIS_HDR_SIZE;
	if (min(copied, h.msg_len) < RNDIS_HDR_SIZE + sizeof(pkt))
		return -EINVAL;
	err = pkt_bounds(&pkt, blen, min(copied, h.msg_len));
	if (err)
		return err;
	meta->data_offset = RNDIS_HDR_SIZE + pkt.data_offset;
	meta->data_len = pkt.data_len;
	err = pkt_ppis(msg + RNDIS_HDR_SIZE + pkt.per_pkt_info_offset,
		       pkt.per_pkt_info_len, meta, &lso);
	if (err)
		return err;
	if (meta->flags & HVNET_PKT_LSO)
		return pkt_lso(lso, meta);
	return 0;
}

static u8 *put_ppi(u8 *p, u32 type, u32 v)
{
	struct rndis_ppi ppi = {
		.size = sizeof(ppi) + sizeof(v),
		.type = type,
		.ppi_offset = sizeof(ppi),
	};

	memcpy(p, &ppi, sizeof(ppi));
	memcpy(p + sizeof(ppi), &v, sizeof(v));
	return p + ppi.size;
}

static u32 vlan_ppi_value(u16 tci)
{
	return FIELD_PREP(NDIS_VLAN_PRI, tci >> VLAN_PRIO_SHIFT) |
	       (tci & VLAN_CFI_MASK ? NDIS_VLAN_CFI : 0) |
	       FIELD_PREP(NDIS_VLAN_ID, tci & VLAN_VID_MASK);
}

/**
 * hvnet_rndis_data_hdr_len() - the length hvnet_rndis_build_data() writes
 * @rx: what to tell the guest about the frame.
 *
 * Return: the header length, at most HVNET_RNDIS_RX_HDR_MAX.
 */
u32 hvnet_rndis_data_hdr_len(const struct hvnet_rx_meta *rx)
{
	u32 ppis = hweight32(rx->flags & (HVNET_PKT_CSUM | HVNET_PKT_VLAN |
					  HVNET_PKT_HASH | HVNET_PKT_FRAG));

	return RNDIS_HDR_SIZE + sizeof(struct rndis_packet) +
	       ppis * (sizeof(struct rndis_ppi) + sizeof(u32));
}

/**
 * hvnet_rndis_build_data() - write the RNDIS header of a frame for the guest
 * @rx: what to tell the guest about the frame.
 * @data_len: frame length in bytes.
 * @buf: HVNET_RNDIS_RX_HDR_MAX bytes; every byte up to the returned length
 *	is written.
 *
 * The frame itself follows the header directly.
 *
 * Return: the header length (the frame's offset in the message).
 */
u32 hvnet_rndis_build_data(const struct hvnet_rx_meta *rx, u32 data_len,
			   u8 *buf)
{
	u8 *ppi = buf + RNDIS_HDR_SIZE + sizeof(struct rndis_packet);
	struct rndis_packet pkt = {};
	struct rndis_msg_hdr h;
	u8 *p = ppi;
	u32 hdr_len;

	if (rx->flags & HVNET_PKT_CSUM)
		p = put_ppi(p, RNDIS_PPI_CSUM, rx->csum_rx);
	if (rx->flags & HVNET_PKT_VLAN)
		p = put_ppi(p, RNDIS_PPI_VLAN, vlan_ppi_value(rx->vlan_tci));
	if (rx->flags & HVNET_PKT_HASH)
		p = put_ppi(p, RNDIS_PPI_HASH_VALUE, rx->hash);
	/* struct rndis_pktinfo_id: version 1, flags, packet id. */
	if (rx->flags & HVNET_PKT_FRAG)
		p = put_ppi(p, RNDIS_PPI_INTERNAL | RNDIS_PPI_INTERNAL_PKT_ID,
			    1 | rx->frag << 8 | (u32)rx->pkt_id << 16);
	hdr_len = p - buf;
	pkt.data_offset = hdr_len - RNDIS_HDR_SIZE;
	pkt.data_len = data_len;
	if (p != ppi) {
		pkt.per_pkt_info_offset = sizeof(pkt);
		pkt.per_pkt_info_len = p - ppi;
	}
	h.msg_type = RNDIS_MSG_PACKET;
	h.msg_len = hdr_len + data_len;
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + RNDIS_HDR_SIZE, &pkt, sizeof(pkt));
	return hdr_len;
}
