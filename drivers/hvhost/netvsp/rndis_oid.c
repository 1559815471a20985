// SPDX-License-Identifier: GPL-2.0-only
/*
 * The RNDIS OID allow-list: which OIDs a guest may query or set, with the
 * exact sizes and values the host accepts.  Anything else is refused with
 * an RNDIS error status, never ignored.
 *
 * Information buffers are slices of the caller's private copy of the
 * message, already checked to lie inside it.  Values from them are copied
 * into zeroed local structs before use; none is ever followed as a pointer
 * (CVE-2021-28476 was a host that did).
 */
#include <linux/ctype.h>
#include <linux/etherdevice.h>
#include <linux/hex.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "rndis_oid.h"

struct rndis_oid_ops {
	u32 oid;
	u32 (*query)(struct hvnet_rndis *r, u32 oid, const u8 *in, u32 in_len,
		     u8 *out, u32 *out_len);
	u32 (*set)(struct hvnet_rndis *r, const u8 *in, u32 in_len);
};

static u32 put_u32(u32 v, u8 *out, u32 *out_len)
{
	memcpy(out, &v, sizeof(v));
	*out_len = sizeof(v);
	return RNDIS_STATUS_SUCCESS;
}

static u32 q_max_frame(struct hvnet_rndis *r, u32 oid, const u8 *in,
		       u32 in_len, u8 *out, u32 *out_len)
{
	return put_u32(r->cfg.mtu, out, out_len);
}

static u32 q_link_speed(struct hvnet_rndis *r, u32 oid, const u8 *in,
			u32 in_len, u8 *out, u32 *out_len)
{
	return put_u32(r->cfg.link_speed, out, out_len);
}

static u32 q_media_status(struct hvnet_rndis *r, u32 oid, const u8 *in,
			  u32 in_len, u8 *out, u32 *out_len)
{
	return put_u32(r->link_up ? RNDIS_MEDIA_STATE_CONNECTED :
			RNDIS_MEDIA_STATE_DISCONNECTED, out, out_len);
}

static u32 q_filter(struct hvnet_rndis *r, u32 oid, const u8 *in,
		    u32 in_len, u8 *out, u32 *out_len)
{
	return put_u32(r->filter, out, out_len);
}

static u32 q_mcast_max(struct hvnet_rndis *r, u32 oid, const u8 *in,
		       u32 in_len, u8 *out, u32 *out_len)
{
	return put_u32(HVNET_RNDIS_MCAST_MAX, out, out_len);
}

static u32 q_addr(struct hvnet_rndis *r, u32 oid, const u8 *in, u32 in_len,
		  u8 *out, u32 *out_len)
{
	ether_addr_copy(out, oid == RNDIS_OID_802_3_PERMANENT_ADDRESS ?
			r->cfg.perm_addr : r->cur_addr);
	*out_len = ETH_ALEN;
	return RNDIS_STATUS_SUCCESS;
}

/* Counters are 64-bit, or 32-bit (saturated) for a guest offering 4 bytes. */
static u32 q_counter(struct hvnet_rndis *r, u32 oid, const u8 *in,
		     u32 in_len, u8 *out, u32 *out_len)
{
	const struct hvnet_rndis_counters *c = &r->counters;
	u64 v;

	switch (oid) {
	case RNDIS_OID_GEN_XMIT_OK:
		v = c->xmit_ok;
		break;
	case RNDIS_OID_GEN_RCV_OK:
		v = c->rcv_ok;
		break;
	case RNDIS_OID_GEN_XMIT_ERROR:
		v = c->xmit_error;
		break;
	case RNDIS_OID_GEN_RCV_ERROR:
		v = c->rcv_error;
		break;
	default:
		v = c->rcv_no_buffer;
		break;
	}
	if (in_len == sizeof(u32))
		return put_u32(min_t(u64, v, U32_MAX), out, out_len);
	memcpy(out, &v, sizeof(v));
	*out_len = sizeof(v);
	return RNDIS_STATUS_SUCCESS;
}

/*
 * The guest names the NDIS_OFFLOAD revision it understands by the object
 * header it sends with the query; without one it gets NDIS 6.0's.
 */
static u32 offload_size(const u8 *in, u32 in_len, u16 *size, u8 *rev)
{
	struct ndis_object_header h;

	*size = NDIS_OFFLOAD_SIZE_6_0;
	*rev = NDIS_OFFLOAD_REVISION_1;
	if (!in_len)
		return RNDIS_STATUS_SUCCESS;
	if (in_len < sizeof(h))
		return RNDIS_STATUS_INVALID_LENGTH;
	memcpy(&h, in, sizeof(h));
	if (h.type != NDIS_OBJECT_TYPE_OFFLOAD || h.size > in_len)
		return RNDIS_STATUS_INVALID_DATA;
	switch (h.size) {
	case NDIS_OFFLOAD_SIZE_6_30:
		*rev = NDIS_OFFLOAD_REVISION_3;
		break;
	case NDIS_OFFLOAD_SIZE_6_1:
		*rev = NDIS_OFFLOAD_REVISION_2;
		break;
	case NDIS_OFFLOAD_SIZE_6_0:
		break;
	default:
		return RNDIS_STATUS_INVALID_DATA;
	}
	*size = h.size;
	return RNDIS_STATUS_SUCCESS;
}

static void offload_caps_fill(u32 caps, struct ndis_offload *o)
{
	if (caps & HVNET_OFFLOAD_TX_CSUM4) {
		o->csum.ip4_txenc = NDIS_OFFLOAD_ENCAP_8023;
		o->csum.ip4_txcsum = NDIS_TXCSUM_CAP_TCP4 |
				     NDIS_TXCSUM_CAP_TCP4OPT |
				     NDIS_TXCSUM_CAP_IP4OPT;
		if (caps & HVNET_OFFLOAD_TX_UDP)
			o->csum.ip4_txcsum |= NDIS_TXCSUM_CAP_UDP4;
	}
	if (caps & HVNET_OFFLOAD_TX_CSUM6) {
		o->csum.ip6_txenc = NDIS_OFFLOAD_ENCAP_8023;
		o->csum.ip6_txcsum = NDIS_TXCSUM_CAP_TCP6 |
				     NDIS_TXCSUM_CAP_TCP6OPT |
				     NDIS_TXCSUM_CAP_IP6EXT;
		if (caps & HVNET_OFFLOAD_TX_UDP)
			o->csum.ip6_txcsum |= NDIS_TXCSUM_CAP_UDP6;
	}
	if (caps & HVNET_OFFLOAD_LSO4) {
		o->lsov2.ip4_encap = NDIS_OFFLOAD_ENCAP_8023;
		o->lsov2.ip4_maxsz = HVNET_LSO_MAX_SIZE;
		o->lsov2.ip4_minsg = 2;
	}
	if (caps & HVNET_OFFLOAD_LSO6) {
		o->lsov2.ip6_encap = NDIS_OFFLOAD_ENCAP_8023;
		o->lsov2.ip6_maxsz = HVNET_LSO_MAX_SIZE;
		o->lsov2.ip6_minsg = 2;
		o->lsov2.ip6_opts = NDIS_TXCSUM_CAP_IP6EXT |
				    NDIS_TXCSUM_CAP_TCP6OPT;
	}
	if (caps & HVNET_OFFLOAD_RSC) {
		o->rsc_ip4 = 1;
		o->rsc_ip6 = 1;
	}
}

static u32 q_offload_caps(struct hvnet_rndis *r, u32 oid, const u8 *in,
			  u32 in_len, u8 *out, u32 *out_len)
{
	struct ndis_offload o = {};
	u32 status;
	u16 size;
	u8 rev;

	status = offload_size(in, in_len, &size, &rev);
	if (status != RNDIS_STATUS_SUCCESS)
		return status;
	o.header.type = NDIS_OBJECT_TYPE_OFFLOAD;
	o.header.revision = rev;
	o.header.size = size;
	offload_caps_fill(r->cfg.offloads, &o);
	memcpy(out, &o, size);
	*out_len = size;
	return RNDIS_STATUS_SUCCESS;
}

static u32 q_rss_caps(struct hvnet_rndis *r, u32 oid, const u8 *in,
		      u32 in_len, u8 *out, u32 *out_len)
{
	struct ndis_rss_caps c = {};
	struct ndis_object_header h;

	if (in_len) {
		if (in_len < sizeof(h))
			return RNDIS_STATUS_INVALID_LENGTH;
		memcpy(&h, in, sizeof(h));
		if (h.type != NDIS_OBJECT_TYPE_RSS_CAPABILITIES)
			return RNDIS_STATUS_INVALID_DATA;
	}
	/* Honest: as many queues as the host has (one for now). */
	c.header.type = NDIS_OBJECT_TYPE_RSS_CAPABILITIES;
	c.header.revision = NDIS_RSS_CAPS_REVISION_2;
	c.header.size = sizeof(c);
	c.num_int_msg = 1;
	c.num_recv_que = r->cfg.num_queues;
	c.num_indirect_tabent = NDIS_RSS_INDIRECTION_ENTRIES_MAX;
	memcpy(out, &c, sizeof(c));
	*out_len = sizeof(c);
	return RNDIS_STATUS_SUCCESS;
}

static u32 s_filter(struct hvnet_rndis *r, const u8 *in, u32 in_len)
{
	u32 v;

	if (in_len != sizeof(v))
		return RNDIS_STATUS_INVALID_LENGTH;
	memcpy(&v, in, sizeof(v));
	if (v & ~HVNET_RNDIS_FILTER_SUPPORTED)
		return RNDIS_STATUS_NOT_SUPPORTED;
	r->filter = v;
	return RNDIS_STATUS_SUCCESS;
}

static u32 s_mcast(struct hvnet_rndis *r, const u8 *in, u32 in_len)
{
	u32 i, n = in_len / ETH_ALEN;

	if (in_len % ETH_ALEN || n > HVNET_RNDIS_MCAST_MAX)
		return RNDIS_STATUS_INVALID_LENGTH;
	for (i = 0; i < n; i++)
		if (!is_multicast_ether_addr(in + i * ETH_ALEN))
			return RNDIS_STATUS_INVALID_DATA;
	memset(r->mcast, 0, sizeof(r->mcast));
	memcpy(r->mcast, in, in_len);
	r->n_mcast = n;
	return RNDIS_STATUS_SUCCESS;
}

/* OID_TCP_OFFLOAD_PARAMETERS field values. */
static bool csum_wants_tx(u8 v)
{
	return v == NDIS_OFFLOAD_PARAMS_CSUM_TX ||
	       v == NDIS_OFFLOAD_PARAMS_CSUM_TX_RX;
}

static bool csum_wants_rx(u8 v)
{
	return v == NDIS_OFFLOAD_PARAMS_CSUM_RX ||
	       v == NDIS_OFFLOAD_PARAMS_CSUM_TX_RX;
}

/* Every field in its defined range, header consistent. */
static bool offload_params_valid(const struct ndis_offload_params *p,
				 u32 in_len)
{
	const u8 csum[] = { p->ip_v4_csum, p->tcp_ip_v4_csum,
			    p->udp_ip_v4_csum, p->tcp_ip_v6_csum,
			    p->udp_ip_v6_csum, p->ip_sec_v1, p->ip_sec_v2,
			    p->ip_sec_v2_ip_v4 };
	const u8 onoff[] = { p->lso_v1, p->lso_v2_ipv4, p->lso_v2_ipv6,
			     p->tcp_connection_ip_v4, p->tcp_connection_ip_v6,
			     p->rsc_ip_v4, p->rsc_ip_v6,
			     p->encapsulated_packet_task_offload };
	unsigned int i;

	if (p->header.type != NDIS_OBJECT_TYPE_DEFAULT ||
	    p->header.revision < 1 || p->header.revision > 3 ||
	    p->header.size < NDIS_OFFLOAD_PARAMS_SIZE_MIN ||
	    p->header.size > in_len || p->flags > 1)
		return false;
	for (i = 0; i < ARRAY_SIZE(csum); i++)
		if (csum[i] > NDIS_OFFLOAD_PARAMS_CSUM_TX_RX)
			return false;
	for (i = 0; i < ARRAY_SIZE(onoff); i++)
		if (onoff[i] > NDIS_OFFLOAD_PARAMS_ENABLED)
			return false;
	return true;
}

/* Is a checksum setting within what the host offers? */
static bool csum_supported(u8 v, bool cap)
{
	return v <= NDIS_OFFLOAD_PARAMS_CSUM_DISABLED || cap;
}

static bool offload_params_supported(const struct ndis_offload_params *p,
				     u32 caps)
{
	bool c4 = caps & HVNET_OFFLOAD_TX_CSUM4;
	bool c6 = caps & HVNET_OFFLOAD_TX_CSUM6;
	bool udp = caps & HVNET_OFFLOAD_TX_UDP;
	const u8 never[] = { p->ip_v4_csum, p->ip_sec_v1, p->ip_sec_v2,
			     p->ip_sec_v2_ip_v4, p->lso_v1,
			     p->tcp_connection_ip_v4, p->tcp_connection_ip_v6,
			     p->encapsulated_packet_task_offload };
	unsigned int i;

	if (!(caps & HVNET_OFFLOAD_RSC) &&
	    (p->rsc_ip_v4 > NDIS_OFFLOAD_PARAMS_DISABLED ||
	     p->rsc_ip_v6 > NDIS_OFFLOAD_PARAMS_DISABLED))
		return false;
	for (i = 0; i < ARRAY_SIZE(never); i++)
		if (never[i] > NDIS_OFFLOAD_PARAMS_DISABLED)
			return false;
	if (p->encapsulation_types)
		return false;
	if (p->lso_v2_ipv4 == NDIS_OFFLOAD_PARAMS_ENABLED &&
	    !(caps & HVNET_OFFLOAD_LSO4))
		return false;
	if (p->lso_v2_ipv6 == NDIS_OFFLOAD_PARAMS_ENABLED &&
	    !(caps & HVNET_OFFLOAD_LSO6))
		return false;
	return csum_supported(p->tcp_ip_v4_csum, c4) &&
	       csum_supported(p->tcp_ip_v6_csum, c6) &&
	       csum_supported(p->udp_ip_v4_csum, c4 && udp) &&
	       csum_supported(p->udp_ip_v6_csum, c6 && udp);
}

static void csum_apply(u8 v, bool *tx, bool *rx)
{
	if (v == NDIS_OFFLOAD_PARAMS_NO_CHANGE)
		return;
	*tx = csum_wants_tx(v);
	if (rx)
		*rx = csum_wants_rx(v);
}

static void lso_apply(u8 v, bool *on)
{
	if (v != NDIS_OFFLOAD_PARAMS_NO_CHANGE)
		*on = v == NDIS_OFFLOAD_PARAMS_ENABLED;
}

static u32 s_offload_params(struct hvnet_rndis *r, const u8 *in, u32 in_len)
{
	struct hvnet_rndis_offload *o = &r->offload;
	struct ndis_offload_params p = {};

	if (in_len < NDIS_OFFLOAD_PARAMS_SIZE_MIN ||
	    in_len > NDIS_OFFLOAD_PARAMS_SIZE_MAX)
		return RNDIS_STATUS_INVALID_LENGTH;
	memcpy(&p, in, in_len);
	if (!offload_params_valid(&p, in_len))
		return RNDIS_STATUS_INVALID_DATA;
	if (!offload_params_supported(&p, r->cfg.offloads))
		return RNDIS_STATUS_NOT_SUPPORTED;
	csum_apply(p.tcp_ip_v4_csum, &o->tx_csum4, &o->rx_csum4);
	csum_apply(p.tcp_ip_v6_csum, &o->tx_csum6, &o->rx_csum6);
	csum_apply(p.udp_ip_v4_csum, &o->tx_udp4, NULL);
	csum_apply(p.udp_ip_v6_csum, &o->tx_udp6, NULL);
	lso_apply(p.lso_v2_ipv4, &o->lso4);
	lso_apply(p.lso_v2_ipv6, &o->lso6);
	/* Revision 1 objects end before the RSC fields: they read as 0. */
	lso_apply(p.rsc_ip_v4, &o->rsc4);
	lso_apply(p.rsc_ip_v6, &o->rsc6);
	return RNDIS_STATUS_SUCCESS;
}

/* [off, off + len) inside an information buffer of in_len bytes. */
static bool slice_ok(u32 off, u32 len, u32 in_len)
{
	return off <= in_len && len <= in_len - off;
}

static u32 rss_check_hdr(const struct ndis_rss_params *p, u32 in_len)
{
	u16 need;

	if (p->header.type != NDIS_OBJECT_TYPE_RSS_PARAMETERS)
		return RNDIS_STATUS_INVALID_DATA;
	if (p->header.revision == NDIS_RSS_PARAMS_REVISION_1)
		need = NDIS_RSS_PARAMS_SIZE_REVISION_1;
	else if (p->header.revision == NDIS_RSS_PARAMS_REVISION_2)
		need = NDIS_RSS_PARAMS_SIZE_REVISION_2;
	else
		return RNDIS_STATUS_INVALID_DATA;
	if (p->header.size < need || p->header.size > in_len)
		return RNDIS_STATUS_INVALID_LENGTH;
	if (p->flags & ~NDIS_RSS_PARAM_FLAGS_ALL)
		return RNDIS_STATUS_INVALID_DATA;
	return RNDIS_STATUS_SUCCESS;
}

static u32 rss_check_table(const struct hvnet_rndis *r,
			   const struct ndis_rss_params *p, const u8 *in,
			   u32 in_len)
{
	u32 i, n = p->indirect_tabsize / sizeof(u32), e;

	if (p->indirect_tabsize % sizeof(u32) || !n ||
	    n > NDIS_RSS_INDIRECTION_ENTRIES_MAX ||
	    !slice_ok(p->indirect_taboffset, p->indirect_tabsize, in_len))
		return RNDIS_STATUS_INVALID_DATA;
	for (i = 0; i < n; i++) {
		memcpy(&e, in + p->indirect_taboffset + i * sizeof(e),
		       sizeof(e));
		if (e >= r->cfg.num_queues)
			return RNDIS_STATUS_INVALID_DATA;
	}
	return RNDIS_STATUS_SUCCESS;
}

static u32 rss_check(const struct hvnet_rndis *r,
		     const struct ndis_rss_params *p, const u8 *in, u32 in_len)
{
	u32 func = p->hashinfo & NDIS_HASH_FUNC_MASK;
	u32 status;

	if (!(p->flags & NDIS_RSS_PARAM_FLAG_HASH_INFO_UNCHANGED) &&
	    (func != NDIS_HASH_FUNC_TOEPLITZ ||
	     !(p->hashinfo & NDIS_HASH_TYPES_MASK) ||
	     p->hashinfo & ~(NDIS_HASH_FUNC_MASK | NDIS_HASH_TYPES_MASK)))
		return RNDIS_STATUS_INVALID_DATA;
	if (!(p->flags & NDIS_RSS_PARAM_FLAG_ITABLE_UNCHANGED)) {
		status = rss_check_table(r, p, in, in_len);
		if (status != RNDIS_STATUS_SUCCESS)
			return status;
	}
	if (!(p->flags & NDIS_RSS_PARAM_FLAG_HASH_KEY_UNCHANGED) &&
	    (!p->hashkey_size ||
	     p->hashkey_size > NDIS_RSS_HASH_KEY_SIZE_MAX ||
	     !slice_ok(p->hashkey_offset, p->hashkey_size, in_len)))
		return RNDIS_STATUS_INVALID_DATA;
	return RNDIS_STATUS_SUCCESS;
}

static void rss_apply(struct hvnet_rndis_rss *rss,
		      const struct ndis_rss_params *p, const u8 *in)
{
	if (!(p->flags & NDIS_RSS_PARAM_FLAG_HASH_INFO_UNCHANGED))
		rss->hashinfo = p->hashinfo;
	if (!(p->flags & NDIS_RSS_PARAM_FLAG_ITABLE_UNCHANGED)) {
		rss->n_itab = p->indirect_tabsize / sizeof(u32);
		memcpy(rss->itab, in + p->indirect_taboffset,
		       p->indirect_tabsize);
	}
	if (!(p->flags & NDIS_RSS_PARAM_FLAG_HASH_KEY_UNCHANGED)) {
		rss->key_size = p->hashkey_size;
		memset(rss->key, 0, sizeof(rss->key));
		memcpy(rss->key, in + p->hashkey_offset, p->hashkey_size);
	}
	rss->enabled = rss->n_itab && rss->key_size;
}

static u32 s_rss_params(struct hvnet_rndis *r, const u8 *in, u32 in_len)
{
	struct ndis_rss_params p = {};
	u32 status;

	if (in_len < NDIS_RSS_PARAMS_SIZE_REVISION_1)
		return RNDIS_STATUS_INVALID_LENGTH;
	memcpy(&p, in, min_t(u32, in_len, sizeof(p)));
	status = rss_check_hdr(&p, in_len);
	if (status != RNDIS_STATUS_SUCCESS)
		return status;
	if (p.flags & NDIS_RSS_PARAM_FLAG_DISABLE_RSS) {
		r->rss.enabled = false;
		return RNDIS_STATUS_SUCCESS;
	}
	status = rss_check(r, &p, in, in_len);
	if (status == RNDIS_STATUS_SUCCESS)
		rss_apply(&r->rss, &p, in);
	return status;
}

/* The one configuration parameter the host knows, as UTF-16LE ASCII. */
static const char rndis_nwaddr[] = "NetworkAddress";

static u16 utf16_at(const u8 *p, u32 i)
{
	return p[2 * i] | (p[2 * i + 1] << 8);
}

static bool name_is_nwaddr(const u8 *name, u32 bytes)
{
	u32 i, n = sizeof(rndis_nwaddr) - 1;

	if (bytes != 2 * n)
		return false;
	for (i = 0; i < n; i++)
		if (utf16_at(name, i) > 0x7f ||
		    tolower(utf16_at(name, i)) != tolower(rndis_nwaddr[i]))
			return false;
	return true;
}

/* Twelve UTF-16 hex digits to a MAC address. */
static bool parse_mac(const u8 *val, u32 bytes, u8 *mac)
{
	int hi, lo;
	u32 i;

	if (bytes != 4 * ETH_ALEN)
		return false;
	for (i = 0; i < ETH_ALEN; i++) {
		if (utf16_at(val, 2 * i) > 0x7f ||
		    utf16_at(val, 2 * i + 1) > 0x7f)
			return false;
		hi = hex_to_bin(utf16_at(val, 2 * i));
		lo = hex_to_bin(utf16_at(val, 2 * i + 1));
		if (hi < 0 || lo < 0)
			return false;
		mac[i] = hi << 4 | lo;
	}
	return true;
}

static u32 s_config_param(struct hvnet_rndis *r, const u8 *in, u32 in_len)
{
	struct rndis_config_param cp;
	u8 mac[ETH_ALEN];

	if (in_len < sizeof(cp))
		return RNDIS_STATUS_INVALID_LENGTH;
	memcpy(&cp, in, sizeof(cp));
	if (!slice_ok(cp.name_offset, cp.name_length, in_len) ||
	    !slice_ok(cp.value_offset, cp.value_length, in_len))
		return RNDIS_STATUS_INVALID_LENGTH;
	if (!name_is_nwaddr(in + cp.name_offset, cp.name_length))
		return RNDIS_STATUS_NOT_SUPPORTED;
	if (cp.type != RNDIS_CONFIG_PARAM_TYPE_STRING ||
	    !parse_mac(in + cp.value_offset, cp.value_length, mac) ||
	    !is_valid_ether_addr(mac))
		return RNDIS_STATUS_INVALID_DATA;
	if (!r->cfg.allow_mac_change)
		return RNDIS_STATUS_FAILURE;
	ether_addr_copy(r->cur_addr, mac);
	return RNDIS_STATUS_SUCCESS;
}

static u32 q_supported(struct hvnet_rndis *r, u32 oid, const u8 *in,
		       u32 in_len, u8 *out, u32 *out_len);

/* The allow-list. */
static const struct rndis_oid_ops rndis_oids[] = {
	{ RNDIS_OID_GEN_SUPPORTED_LIST, q_supported, NULL },
	{ RNDIS_OID_GEN_MAXIMUM_FRAME_SIZE, q_max_frame, NULL },
	{ RNDIS_OID_GEN_LINK_SPEED, q_link_speed, NULL },
	{ RNDIS_OID_GEN_MEDIA_CONNECT_STATUS, q_media_status, NULL },
	{ RNDIS_OID_GEN_CURRENT_PACKET_FILTER, q_filter, s_filter },
	{ RNDIS_OID_GEN_RNDIS_CONFIG_PARAMETER, NULL, s_config_param },
	{ RNDIS_OID_GEN_XMIT_OK, q_counter, NULL },
	{ RNDIS_OID_GEN_RCV_OK, q_counter, NULL },
	{ RNDIS_OID_GEN_XMIT_ERROR, q_counter, NULL },
	{ RNDIS_OID_GEN_RCV_ERROR, q_counter, NULL },
	{ RNDIS_OID_GEN_RCV_NO_BUFFER, q_counter, NULL },
	{ RNDIS_OID_802_3_PERMANENT_ADDRESS, q_addr, NULL },
	{ RNDIS_OID_802_3_CURRENT_ADDRESS, q_addr, NULL },
	{ RNDIS_OID_802_3_MULTICAST_LIST, NULL, s_mcast },
	{ RNDIS_OID_802_3_MAXIMUM_LIST_SIZE, q_mcast_max, NULL },
	{ OID_GEN_RECEIVE_SCALE_CAPABILITIES, q_rss_caps, NULL },
	{ OID_GEN_RECEIVE_SCALE_PARAMETERS, NULL, s_rss_params },
	{ OID_TCP_OFFLOAD_PARAMETERS, NULL, s_offload_params },
	{ OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES, q_offload_caps, NULL },
};

static_assert(ARRAY_SIZE(rndis_oids) * sizeof(u32) <= HVNET_RNDIS_INFO_MAX);

static u32 q_supported(struct hvnet_rndis *r, u32 oid, const u8 *in,
		       u32 in_len, u8 *out, u32 *out_len)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(rndis_oids); i++)
		memcpy(out + i * sizeof(u32), &rndis_oids[i].oid, sizeof(u32));
	*out_len = ARRAY_SIZE(rndis_oids) * sizeof(u32);
	return RNDIS_STATUS_SUCCESS;
}

static const struct rndis_oid_ops *rndis_oid_find(u32 oid)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(rndis_oids); i++)
		if (rndis_oids[i].oid == oid)
			return &rndis_oids[i];
	return NULL;
}

/**
 * hvnet_rndis_query_oid() - answer a QUERY from the allow-list
 * @r: the NIC's RNDIS state.
 * @oid: the OID the guest asked for.
 * @in: the request's information buffer (an input object), or NULL.
 * @in_len: its length, inside the message.
 * @out: HVNET_RNDIS_INFO_MAX bytes for the answer.
 * @out_len: set to the answer's length.
 *
 * Return: an RNDIS status; RNDIS_STATUS_NOT_SUPPORTED for an OID that is
 * not on the list or cannot be queried.
 */
u32 hvnet_rndis_query_oid(struct hvnet_rndis *r, u32 oid, const u8 *in,
			  u32 in_len, u8 *out, u32 *out_len)
{
	const struct rndis_oid_ops *ops = rndis_oid_find(oid);

	*out_len = 0;
	if (!ops || !ops->query) {
		r->stats.unknown_oids++;
		return RNDIS_STATUS_NOT_SUPPORTED;
	}
	return ops->query(r, oid, in, in_len, out, out_len);
}

/**
 * hvnet_rndis_set_oid() - apply a SET from the allow-list
 * @r: the NIC's RNDIS state.
 * @oid: the OID the guest sets.
 * @in: the information buffer, inside the message.
 * @in_len: its length.
 *
 * A SET is checked completely before any of it takes effect.
 *
 * Return: an RNDIS status; RNDIS_STATUS_NOT_SUPPORTED for an OID that is
 * not on the list or cannot be set.
 */
u32 hvnet_rndis_set_oid(struct hvnet_rndis *r, u32 oid, const u8 *in,
			u32 in_len)
{
	const struct rndis_oid_ops *ops = rndis_oid_find(oid);
	u32 status;

	if (!ops || !ops->set) {
		r->stats.unknown_oids++;
		return RNDIS_STATUS_NOT_SUPPORTED;
	}
	status = ops->set(r, in, in_len);
	if (status != RNDIS_STATUS_SUCCESS)
		r->stats.refused_sets++;
	return status;
}
