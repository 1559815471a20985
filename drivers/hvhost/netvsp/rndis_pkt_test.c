// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: RNDIS data packets.  Frames are laid out as Linux's netvsc_xmit()
 * lays them out (header, per-packet infos, frame), then every bound is
 * broken in turn; each case asserts the verdict and the parsed metadata.
 */
#include <kunit/test.h>
#include <linux/string.h>

#include "rndis_pkt.h"

#define BUF_MAX		4096
#define PPI_LEN		16	/* 12-byte header and a u32 */

struct ppi_spec {
	u32 type;
	u32 val;
};

static void put32(u8 *p, u32 v)
{
	memcpy(p, &v, sizeof(v));
}

static u32 get32(const u8 *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* An RNDIS_MSG_PACKET with @n PPIs and a @data_len frame of 0x5a bytes. */
static u32 build_pkt(u8 *buf, const struct ppi_spec *ppis, u32 n, u32 data_len)
{
	u32 i, ppi_off = 8 + 36, data_off = 36 + n * PPI_LEN;
	u32 len = 8 + data_off + data_len;

	memset(buf, 0, len);
	put32(buf, RNDIS_MSG_PACKET);
	put32(buf + 4, len);
	put32(buf + 8, data_off);
	put32(buf + 12, data_len);
	if (n) {
		put32(buf + 8 + 20, 36);
		put32(buf + 8 + 24, n * PPI_LEN);
	}
	for (i = 0; i < n; i++) {
		put32(buf + ppi_off + i * PPI_LEN, PPI_LEN);
		put32(buf + ppi_off + i * PPI_LEN + 4, ppis[i].type);
		put32(buf + ppi_off + i * PPI_LEN + 8, 12);
		put32(buf + ppi_off + i * PPI_LEN + 12, ppis[i].val);
	}
	memset(buf + 8 + data_off, 0x5a, data_len);
	return len;
}

static u32 csum_v(u32 flags, u32 off)
{
	return flags | off << 16;
}

static u32 lso_v(u32 mss, u32 off, bool v2, bool v6)
{
	return mss | off << 20 | (v2 ? NDIS_LSO_TYPE_V2 : 0) |
	       (v6 ? NDIS_LSO_V2_IPV6 : 0);
}

static u32 vlan_v(u32 pri, bool cfi, u32 vid)
{
	return pri | (cfi ? NDIS_VLAN_CFI : 0) | vid << 4;
}

static void pkt_plain(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, BUF_MAX, GFP_KERNEL);
	struct hvnet_pkt_meta m;
	u32 len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	len = build_pkt(buf, NULL, 0, 60);
	KUNIT_EXPECT_EQ(test, hvnet_rndis_pkt_parse(buf, len, len, &m), 0);
	KUNIT_EXPECT_EQ(test, m.data_offset, 44);
	KUNIT_EXPECT_EQ(test, m.data_len, 60);
	KUNIT_EXPECT_EQ(test, m.flags, 0);
	KUNIT_EXPECT_EQ(test, buf[m.data_offset], 0x5a);
}

/* Checksum, LSO, VLAN and hash as a Linux guest sends a TSO frame. */
static void pkt_all_ppis(struct kunit *test)
{
	const struct ppi_spec ppis[] = {
		{ RNDIS_PPI_VLAN, vlan_v(5, true, 100) },
		{ RNDIS_PPI_CSUM, csum_v(NDIS_CSUM_TX_IPV4 | NDIS_CSUM_TX_TCP |
					 NDIS_CSUM_TX_IP_HDR, 34) },
		{ RNDIS_PPI_LSO, lso_v(1448, 34, true, false) },
		{ RNDIS_PPI_HASH_VALUE, 0x12345678 },
	};
	u8 *buf = kunit_kzalloc(test, BUF_MAX, GFP_KERNEL);
	struct hvnet_pkt_meta m;
	u32 len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	len = build_pkt(buf, ppis, ARRAY_SIZE(ppis), 3000);
	KUNIT_EXPECT_EQ(test, hvnet_rndis_pkt_parse(buf, len, len, &m), 0);
	KUNIT_EXPECT_EQ(test, m.flags, HVNET_PKT_CSUM | HVNET_PKT_LSO |
			HVNET_PKT_VLAN | HVNET_PKT_HASH);
	KUNIT_EXPECT_EQ(test, m.data_offset, 8 + 36 + 4 * PPI_LEN);
	KUNIT_EXPECT_EQ(test, m.data_len, 3000);
	KUNIT_EXPECT_TRUE(test, m.csum_ipv4);
	KUNIT_EXPECT_TRUE(test, m.csum_tcp);
	KUNIT_EXPECT_TRUE(test, m.csum_ip_hdr);
	KUNIT_EXPECT_FALSE(test, m.csum_udp);
	KUNIT_EXPECT_EQ(test, m.l4_offset, 34);
	KUNIT_EXPECT_EQ(test, m.lso_mss, 1448);
	KUNIT_EXPECT_FALSE(test, m.lso_ipv6);
	KUNIT_EXPECT_EQ(test, m.vlan_tci, 5 << 13 | 1 << 12 | 100);
	KUNIT_EXPECT_EQ(test, m.hash, 0x12345678);
}

static void pkt_ipv6_udp(struct kunit *test)
{
	const struct ppi_spec ppis[] = {
		{ RNDIS_PPI_CSUM, csum_v(NDIS_CSUM_TX_IPV6 | NDIS_CSUM_TX_UDP,
					 54) },
	};
	u8 *buf = kunit_kzalloc(test, BUF_MAX, GFP_KERNEL);
	struct hvnet_pkt_meta m;
	u32 len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	len = build_pkt(buf, ppis, 1, 62);	/* 54 + an 8-byte UDP header */
	KUNIT_EXPECT_EQ(test, hvnet_rndis_pkt_parse(buf, len, len, &m), 0);
	KUNIT_EXPECT_TRUE(test, m.csum_ipv6 && m.csum_udp);
	KUNIT_EXPECT_EQ(test, m.l4_offset, 54);
	len = build_pkt(buf, ppis, 1, 61);
	KUNIT_EXPECT_EQ(test, hvnet_rndis_pkt_parse(buf, len, len, &m),
			-EINVAL);
}

/* Unknown and internal PPIs are skipped, counted, and bounded. */
static void pkt_unknown_ppis(struct kunit *test)
{
	struct ppi_spec ppis[HVNET_PKT_PPI_MAX + 1];
	u8 *buf = kunit_kzalloc(test, BUF_MAX, GFP_KERNEL);
	struct hvnet_pkt_meta m;
	unsigned int i;
	u32 len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < ARRAY_SIZE(ppis); i++) {
		ppis[i].type = i % 2 ? RNDIS_PPI_SG_LIST :
			RNDIS_PPI_INTERNAL | RNDIS_PPI_INTERNAL_PKT_ID;
		ppis[i].val = 0xdeadbeef;
	}
	len = build_pkt(buf, ppis, HVNET_PKT_PPI_MAX, 60);
	KUNIT_EXPECT_EQ(test, hvnet_rndis_pkt_parse(buf, len, len, &m), 0);
	KUNIT_EXPECT_EQ(test, m.unknown_ppis, HVNET_PKT_PPI_MAX);
	KUNIT_EXPECT_EQ(test, m.flags, 0);
	len = build_pkt(buf, ppis, HVNET_PKT_PPI_MAX + 1, 60);
	KUNIT_EXPECT_EQ(test, hvnet_rndis_pkt_parse(buf, len, len, &m),
			-EINVAL);
}

/* GPA direct: only the header and PPIs are copied, the frame is not. */
static void pkt_split_copy(struct kunit *test)
{
	const struct ppi_spec ppis[] = { { RNDIS_PPI_HASH_VALUE, 7 } };
	u8 *buf = kunit_kzalloc(test, BUF_MAX, GFP_KERNEL);
	struct hvnet_pkt_meta m;
	u32 len, hdr = 8 + 36 + PPI_LEN;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	len = build_pkt(buf, ppis, 1, 1500);
	KUNIT_EXPECT_EQ(test, hvnet_rndis_pkt_parse(buf, hdr, len, &m), 0);
	KUNIT_EXPECT_EQ(test, m.data_offset, hdr);
	KUNIT_EXPECT_EQ(test, m.hash, 7);
	/* The PPIs themselves must have been copied. */
	KUNIT_EXPECT_EQ(test, hvnet_rndis_pkt_parse(buf, hdr - 1, len, &m),
			-EINVAL);
	/* And the frame must be inside what the guest supplied. */
	KUNIT_EXPECT_EQ(test, hvnet_rndis_pkt_parse(buf, hdr, len - 1, &m),
			-EINVAL);
}

/* PPIs after the frame are fine; overlapping it is not. */
static void pkt_ppi_placement(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, BUF_MAX, GFP_KERNEL);
	struct hvnet_pkt_meta m;
	u32 len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	len = build_pkt(buf, NULL, 0, 60);
	/* Append one hash PPI after the frame. */
	put32(buf + len, PPI_LEN);
	put32(buf + len + 4, RNDIS_PPI_HASH_VALUE);
	put32(buf + len + 8, 12);
	put32(buf + len + 12, 99);
	put32(buf + 4, len + PPI_LEN);
	put32(buf + 8 + 20, len - 8);
	put32(buf + 8 + 24, PPI_LEN);
	KUNIT_EXPECT_EQ(test, hvnet_rndis_pkt_parse(buf, len + PPI_LEN,
						    len + PPI_LEN, &m), 0);
	KUNIT_EXPECT_EQ(test, m.hash, 99);
	put32(buf + 8 + 20, len - 8 - 4);	/* last 4 frame bytes */
	KUNIT_EXPECT_EQ(test, hvnet_rndis_pkt_parse(buf, len + PPI_LEN,
						    len + PPI_LEN, &m), -EINVAL);
}

struct bad_pkt {
	const char *name;
	struct ppi_spec ppi[2];
	u32 n;
	u32 data_len;
	u32 poke_off;	/* 0: no poke (offset 0 is the type: use type_poke) */
	u32 poke_val;
	u32 type_poke;
	int copied_delta;
	int total_delta;
};

#define BODY(off)	(8 + (off))
#define PPI0(off)	(8 + 36 + (off))

static const struct bad_pkt bad_pkts[] = {
	{ "not a packet", .data_len = 60, .type_poke = RNDIS_MSG_INIT },
	{ "msg_len past total", .data_len = 60, .total_delta = -1 },
	{ "copied past total", .data_len = 60, .copied_delta = 1 },
	{ "msg_len below header", .data_len = 60, .poke_off = 4,
	  .poke_val = 43 },
	{ "msg_len 0", .data_len = 60, .poke_off = 4, .poke_val = 0 },
	{ "copied below header", .data_len = 60, .copied_delta = -60 - 1 },
	{ "data offset inside header", .data_len = 60,
	  .poke_off = BODY(0), .poke_val = 35 },
	{ "data past end", .data_len = 60, .poke_off = BODY(4),
	  .poke_val = 61 },
	{ "data offset wraps", .data_len = 60, .poke_off = BODY(0),
	  .poke_val = 0xffffffff },
	{ "data length wraps", .data_len = 60, .poke_off = BODY(4),
	  .poke_val = 0xfffffff0 },
	{ "runt frame", .data_len = 13 },
	{ "frame too long", .data_len = 60, .poke_off = BODY(4),
	  .poke_val = HVNET_PKT_DATA_MAX + 1 },
	{ "OOB data", .data_len = 60, .poke_off = BODY(12), .poke_val = 4 },
	{ "OOB elements", .data_len = 60, .poke_off = BODY(16),
	  .poke_val = 1 },
	{ "PPI offset inside header", { { RNDIS_PPI_HASH_VALUE, 1 } }, 1, 60,
	  BODY(20), 35 },
	{ "PPI list past copy", { { RNDIS_PPI_HASH_VALUE, 1 } }, 1, 60,
	  BODY(24), 0x1000 },
	{ "PPI list wraps", { { RNDIS_PPI_HASH_VALUE, 1 } }, 1, 60,
	  BODY(20), 0xfffffff8 },
	{ "PPI list overlaps frame", { { RNDIS_PPI_HASH_VALUE, 1 } }, 1, 60,
	  BODY(24), PPI_LEN + 4 },
	{ "PPI size 0", { { RNDIS_PPI_HASH_VALUE, 1 } }, 1, 60, PPI0(0), 0 },
	{ "PPI size 11", { { RNDIS_PPI_HASH_VALUE, 1 } }, 1, 60, PPI0(0), 11 },
	{ "PPI size past list", { { RNDIS_PPI_HASH_VALUE, 1 } }, 1, 60,
	  PPI0(0), 17 },
	{ "PPI size huge", { { RNDIS_PPI_HASH_VALUE, 1 } }, 1, 60, PPI0(0),
	  0xfffffff0 },
	{ "PPI data offset 11", { { RNDIS_PPI_HASH_VALUE, 1 } }, 1, 60,
	  PPI0(8), 11 },
	{ "PPI data offset past size", { { RNDIS_PPI_HASH_VALUE, 1 } }, 1, 60,
	  PPI0(8), 17 },
	{ "PPI value short", { { RNDIS_PPI_HASH_VALUE, 1 } }, 1, 60,
	  PPI0(8), 13 },
	{ "PPI list tail", { { RNDIS_PPI_HASH_VALUE, 1 } }, 1, 60, BODY(24),
	  PPI_LEN - 1 },
	{ "duplicate checksum", { { RNDIS_PPI_CSUM, 0 }, { RNDIS_PPI_CSUM, 0 } },
	  2, 60 },
	{ "duplicate VLAN", { { RNDIS_PPI_VLAN, 0 }, { RNDIS_PPI_VLAN, 0 } },
	  2, 60 },
	{ "checksum reserved bit", { { RNDIS_PPI_CSUM, BIT(5) } }, 1, 60 },
	{ "checksum high bit", { { RNDIS_PPI_CSUM, BIT(31) } }, 1, 60 },
	{ "checksum v4 and v6", { { RNDIS_PPI_CSUM, 0x3 | 0x4 | 34 << 16 } },
	  1, 100 },
	{ "checksum tcp and udp", { { RNDIS_PPI_CSUM, 0x1 | 0xc | 34 << 16 } },
	  1, 100 },
	{ "checksum tcp, no IP", { { RNDIS_PPI_CSUM, 0x4 | 34 << 16 } }, 1,
	  100 },
	{ "IP header checksum on v6", { { RNDIS_PPI_CSUM, 0x2 | 0x10 } }, 1,
	  100 },
	{ "checksum offset in IP header", { { RNDIS_PPI_CSUM,
					      0x1 | 0x4 | 33 << 16 } }, 1, 100 },
	{ "checksum offset v6 too small", { { RNDIS_PPI_CSUM,
					      0x2 | 0x4 | 53 << 16 } }, 1, 100 },
	{ "TCP header past frame", { { RNDIS_PPI_CSUM,
				       0x1 | 0x4 | 34 << 16 } }, 1, 53 },
	{ "LSO MSS 0", { { RNDIS_PPI_LSO, 0 | 34 << 20 | BIT(30) } }, 1, 100 },
	{ "LSO MSS 47", { { RNDIS_PPI_LSO, 47 | 34 << 20 | BIT(30) } }, 1,
	  100 },
	{ "LSO MSS 65536", { { RNDIS_PPI_LSO, 65536 | 34 << 20 | BIT(30) } },
	  1, 100 },
	{ "LSO offset in IP header", { { RNDIS_PPI_LSO, 1448 | 33 << 20 } }, 1,
	  100 },
	{ "LSO v6 offset too small", { { RNDIS_PPI_LSO,
					 1448 | 53 << 20 | BIT(30) | BIT(31) } },
	  1, 100 },
	{ "LSO TCP header past frame", { { RNDIS_PPI_LSO, 1448 | 34 << 20 } },
	  1, 53 },
	{ "LSOv1 with IPv6 bit", { { RNDIS_PPI_LSO, 1448 | 54 << 20 | BIT(31) } },
	  1, 100 },
	{ "LSO and checksum disagree", { { RNDIS_PPI_CSUM, 0x1 | 0x4 | 34 << 16 },
					 { RNDIS_PPI_LSO, 1448 | 38 << 20 } },
	  2, 100 },
	{ "VLAN reserved bits", { { RNDIS_PPI_VLAN, BIT(16) | 5 << 4 } }, 1,
	  60 },
	{ "VLAN id 4095", { { RNDIS_PPI_VLAN, 4095 << 4 } }, 1, 60 },
};

static void bad_pkt_desc(const struct bad_pkt *b, char *desc)
{
	strscpy(desc, b->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(bad_pkt, bad_pkts, bad_pkt_desc);

static void pkt_refused(struct kunit *test)
{
	const struct bad_pkt *b = test->param_value;
	u8 *buf = kunit_kzalloc(test, BUF_MAX, GFP_KERNEL);
	struct hvnet_pkt_meta m;
	u32 len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	len = build_pkt(buf, b->ppi, b->n, b->data_len);
	if (b->poke_off)
		put32(buf + b->poke_off, b->poke_val);
	if (b->type_poke)
		put32(buf, b->type_poke);
	KUNIT_EXPECT_EQ(test, hvnet_rndis_pkt_parse(buf, len + b->copied_delta,
						    len + b->total_delta, &m),
			-EINVAL);
}

struct walk_log {
	u32 n;
	u32 lens[16];
	int fail_at;
};

static int walk_fn(void *ctx, const u8 *msg, u32 len)
{
	struct walk_log *log = ctx;

	if (log->n == log->fail_at)
		return -EIO;
	log->lens[log->n++] = len;
	return 0;
}

/* Three messages, padded to 8 as Linux batches them in one section. */
static void walk_batch(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, BUF_MAX, GFP_KERNEL);
	struct walk_log log = { .fail_at = -1 };
	u32 a, b, c;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	a = build_pkt(buf, NULL, 0, 60) + 4;
	put32(buf + 4, a);
	b = build_pkt(buf + a, NULL, 0, 1514) + 2;
	put32(buf + a + 4, b);
	c = build_pkt(buf + a + b, NULL, 0, 100);
	KUNIT_EXPECT_EQ(test, hvnet_rndis_walk(buf, a + b + c, 8, walk_fn,
					       &log), 3);
	KUNIT_EXPECT_EQ(test, log.n, 3);
	KUNIT_EXPECT_EQ(test, log.lens[0], a);
	KUNIT_EXPECT_EQ(test, log.lens[1], b);
	KUNIT_EXPECT_EQ(test, log.lens[2], c);
}

/* Bad framing anywhere: nothing of the section is handed out. */
static void walk_refused(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, BUF_MAX, GFP_KERNEL);
	struct walk_log log = { .fail_at = -1 };
	u32 a, i;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	a = build_pkt(buf, NULL, 0, 60);
	build_pkt(buf + a, NULL, 0, 60);
	/* Trailing bytes shorter than a header. */
	KUNIT_EXPECT_EQ(test, hvnet_rndis_walk(buf, a + 7, 8, walk_fn, &log),
			-EINVAL);
	/* A message running past the section. */
	KUNIT_EXPECT_EQ(test, hvnet_rndis_walk(buf, 2 * a - 1, 8, walk_fn,
					       &log), -EINVAL);
	/* msg_len 0 would never advance; 7 is below a header. */
	put32(buf + a + 4, 0);
	KUNIT_EXPECT_EQ(test, hvnet_rndis_walk(buf, 2 * a, 8, walk_fn, &log),
			-EINVAL);
	put32(buf + a + 4, 7);
	KUNIT_EXPECT_EQ(test, hvnet_rndis_walk(buf, 2 * a, 8, walk_fn, &log),
			-EINVAL);
	put32(buf + a + 4, 0xfffffff8);
	KUNIT_EXPECT_EQ(test, hvnet_rndis_walk(buf, 2 * a, 8, walk_fn, &log),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, hvnet_rndis_walk(buf, 0, 8, walk_fn, &log),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, log.n, 0);
	/* Nine minimal messages where eight are allowed. */
	for (i = 0; i < 9; i++) {
		put32(buf + 12 * i, RNDIS_MSG_PACKET);
		put32(buf + 12 * i + 4, 12);
	}
	KUNIT_EXPECT_EQ(test, hvnet_rndis_walk(buf, 12 * 9, 8, walk_fn, &log),
			-E2BIG);
	KUNIT_EXPECT_EQ(test, log.n, 0);
	KUNIT_EXPECT_EQ(test, hvnet_rndis_walk(buf, 12 * 8, 8, walk_fn, &log),
			8);
	/* The callback's error stops the walk. */
	log.n = 0;
	log.fail_at = 2;
	KUNIT_EXPECT_EQ(test, hvnet_rndis_walk(buf, 12 * 8, 8, walk_fn, &log),
			-EIO);
	KUNIT_EXPECT_EQ(test, log.n, 2);
}

/* The header Linux's rndis_filter_receive_data() takes apart. */
static void build_rx_header(struct kunit *test)
{
	static const u32 want[] = {
		RNDIS_MSG_PACKET, 8 + 36 + 4 * 16 + 1514,
		36 + 4 * 16, 1514, 0, 0, 0, 36, 4 * 16, 0, 0,
		16, RNDIS_PPI_CSUM, 12, NDIS_CSUM_RX_TCP_OK | NDIS_CSUM_RX_IP_OK,
		16, RNDIS_PPI_VLAN, 12, 3 | 1 << 3 | 42 << 4,
		16, RNDIS_PPI_HASH_VALUE, 12, 0xcafef00d,
		/* struct rndis_pktinfo_id: version 1, first + suballoc, id 7 */
		16, RNDIS_PPI_INTERNAL | RNDIS_PPI_INTERNAL_PKT_ID, 12,
		1 | (HVNET_FRAG_SUBALLOC | HVNET_FRAG_FIRST) << 8 | 7 << 16,
	};
	struct hvnet_rx_meta rx = {
		.flags = HVNET_PKT_CSUM | HVNET_PKT_VLAN | HVNET_PKT_HASH |
			 HVNET_PKT_FRAG,
		.csum_rx = NDIS_CSUM_RX_TCP_OK | NDIS_CSUM_RX_IP_OK,
		.vlan_tci = 3 << 13 | 1 << 12 | 42,
		.hash = 0xcafef00d,
		.frag = HVNET_FRAG_SUBALLOC | HVNET_FRAG_FIRST,
		.pkt_id = 7,
	};
	u8 buf[HVNET_RNDIS_RX_HDR_MAX];

	memset(buf, 0xaa, sizeof(buf));
	KUNIT_EXPECT_EQ(test, hvnet_rndis_build_data(&rx, 1514, buf),
			sizeof(want));
	KUNIT_EXPECT_EQ(test, sizeof(want), HVNET_RNDIS_RX_HDR_MAX);
	KUNIT_EXPECT_MEMEQ(test, buf, want, sizeof(want));
	KUNIT_EXPECT_EQ(test, hvnet_rndis_data_hdr_len(&rx), sizeof(want));
	rx.flags = HVNET_PKT_VLAN;
	KUNIT_EXPECT_EQ(test, hvnet_rndis_data_hdr_len(&rx),
			hvnet_rndis_build_data(&rx, 60, buf));
}

static void build_rx_plain(struct kunit *test)
{
	static const u32 want[] = {
		RNDIS_MSG_PACKET, 44 + 60, 36, 60, 0, 0, 0, 0, 0, 0, 0,
	};
	struct hvnet_rx_meta rx = {};
	u8 buf[HVNET_RNDIS_RX_HDR_MAX];

	memset(buf, 0xaa, sizeof(buf));
	KUNIT_EXPECT_EQ(test, hvnet_rndis_build_data(&rx, 60, buf), 44);
	KUNIT_EXPECT_MEMEQ(test, buf, want, sizeof(want));
	KUNIT_EXPECT_EQ(test, get32(buf + 4), 104);
}

static struct kunit_case rndis_pkt_cases[] = {
	KUNIT_CASE(pkt_plain),
	KUNIT_CASE(pkt_all_ppis),
	KUNIT_CASE(pkt_ipv6_udp),
	KUNIT_CASE(pkt_unknown_ppis),
	KUNIT_CASE(pkt_split_copy),
	KUNIT_CASE(pkt_ppi_placement),
	KUNIT_CASE_PARAM(pkt_refused, bad_pkt_gen_params),
	KUNIT_CASE(walk_batch),
	KUNIT_CASE(walk_refused),
	KUNIT_CASE(build_rx_header),
	KUNIT_CASE(build_rx_plain),
	{}
};

static struct kunit_suite rndis_pkt_suite = {
	.name = "hvhost_netvsp_rndis_pkt",
	.test_cases = rndis_pkt_cases,
};

kunit_test_suite(rndis_pkt_suite);
