// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: the NetVSP protocol layers (NVSP, RNDIS control, RNDIS
 * data packets) fed by a hostile guest.
 *
 * The first input byte picks the layer; the rest is the guest's traffic:
 *
 *   0: a send buffer image, then NVSP messages ([len][bytes]...), with
 *      deferred RNDIS requests handled as the channel glue will;
 *   1: RNDIS control messages ([len16][bytes]...) after a valid INITIALIZE;
 *   2: one send section for the data path (walk and parse every frame);
 *   3: receive slot hand-outs and guest completions ([op][u64 tid]...);
 *   4: the header of a GPA-direct packet (its page ranges).
 *
 * Beyond ASan/UBSan, each step checks the layers' promises: replies fit
 * their buffers and say their own length, send sections stay inside the
 * mapped buffer, parsed frames lie inside the bytes supplied.
 */
#include <linux/errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "partition.h"
#include "netvsp/gpa.h"
#include "netvsp/nvsp.h"
#include "netvsp/rndis.h"
#include "netvsp/rndis_pkt.h"
#include "netvsp/rxbuf.h"

#define SEND_LEN	(8 * HVNET_NVSP_SEND_SECTION)

struct in {
	const uint8_t *p;
	size_t n;
};

static void check(int cond)
{
	if (!cond)
		abort();
}

static size_t take(struct in *in, void *dst, size_t want)
{
	size_t n = want < in->n ? want : in->n;

	memcpy(dst, in->p, n);
	in->p += n;
	in->n -= n;
	return n;
}

struct glue {
	struct hvnet_nvsp nvsp;
	struct hvnet_rndis rndis;
	uint8_t send_buf[SEND_LEN];
	int mapped[2];
};

static int glue_map(void *priv, enum hvnet_buf_kind kind, u32 gpadl, u32 *len)
{
	struct glue *g = priv;

	if (gpadl == 0xdead)
		return -ENOENT;
	/* The GPADL id picks a size, some of them unusable. */
	*len = kind == HVNET_SEND_BUF ? SEND_LEN >> (gpadl & 7) :
		(16U << 20) >> (gpadl & 15);
	check(!g->mapped[kind]);
	g->mapped[kind] = 1;
	return 0;
}

static void glue_unmap(void *priv, enum hvnet_buf_kind kind)
{
	struct glue *g = priv;

	check(g->mapped[kind]);
	g->mapped[kind] = 0;
}

static const struct hvnet_nvsp_ops glue_ops = {
	.map_buf = glue_map,
	.unmap_buf = glue_unmap,
};

static int frame(void *ctx, const u8 *msg, u32 len)
{
	struct hvnet_pkt_meta m;
	u32 copied = len > 60 ? len - (len & 31) : len;
	int err;

	err = hvnet_rndis_pkt_parse(msg, copied, len, &m);
	if (!err)
		check(m.data_offset >= 44 && m.data_len <= len &&
		      m.data_offset <= len - m.data_len);
	return err;
}

static void reply_ok(const u8 *reply, u32 len)
{
	struct rndis_msg_hdr h;

	check(len <= HVNET_RNDIS_REPLY_MAX);
	if (!len)
		return;
	memcpy(&h, reply, sizeof(h));
	check(h.msg_len == len);
}

static void glue_rndis(struct glue *g, struct hvnet_nvsp_result *res)
{
	const struct hvnet_nvsp_rndis_loc *loc = &res->rndis;
	u8 reply[HVNET_RNDIS_REPLY_MAX];
	u32 reply_len;
	int err = -EINVAL;

	if (loc->in_section) {
		check(g->nvsp.send.mapped);
		check(loc->len && loc->offset + loc->len <= g->nvsp.send.len);
		check(loc->len <= g->nvsp.send.section_size);
		if (loc->control) {
			err = hvnet_rndis_control(&g->rndis,
						  g->send_buf + loc->offset,
						  loc->len, reply, &reply_len);
			reply_ok(reply, reply_len);
		} else {
			err = hvnet_rndis_walk(g->send_buf + loc->offset,
					       loc->len, 8, frame, NULL);
			err = err < 0 ? err : 0;
		}
	}
	hvnet_nvsp_rndis_done(&g->nvsp, err ? NVSP_STAT_INVALID_RNDIS_PKT :
			      NVSP_STAT_SUCCESS, res);
	check(res->reply == HVNET_NVSP_REPLY_MSG);
}

static void glue_setup(struct glue *g)
{
	struct hvnet_rndis_config rcfg = {
		.perm_addr = { 0x00, 0x15, 0x5d, 1, 2, 3 },
		.mtu = 1500, .link_speed = 100000, .num_queues = 1,
		.offloads = HVNET_OFFLOAD_TX_CSUM4 | HVNET_OFFLOAD_LSO4,
	};
	struct hvnet_nvsp_config ncfg;

	memset(g, 0, sizeof(*g));
	hvnet_nvsp_config_default(&ncfg);
	ncfg.max_inflight = 4;
	check(!hvnet_nvsp_init(&g->nvsp, &ncfg, &glue_ops, g));
	check(!hvnet_rndis_init(&g->rndis, &rcfg));
}

static void fuzz_nvsp(struct glue *g, struct in *in)
{
	struct hvnet_nvsp_result res, held[4];
	unsigned int nheld = 0;
	u8 msg[256];
	u8 len;

	take(in, g->send_buf, SEND_LEN < in->n / 2 ? SEND_LEN : in->n / 2);
	while (take(in, &len, 1)) {
		len = take(in, msg, len);
		hvnet_nvsp_handle(&g->nvsp, in->n, msg, len, &res);
		check(res.trans_id == in->n);
		if (res.reply != HVNET_NVSP_DEFER_RNDIS)
			continue;
		/* Hold some requests back to exercise revoke-while-busy. */
		if ((len & 1) && nheld < 4) {
			held[nheld++] = res;
			continue;
		}
		glue_rndis(g, &res);
	}
	while (nheld)
		hvnet_nvsp_rndis_done(&g->nvsp, NVSP_STAT_SUCCESS,
				      &held[--nheld]);
	check(!g->nvsp.inflight);
	hvnet_nvsp_destroy(&g->nvsp);
	check(!g->mapped[0] && !g->mapped[1]);
}

static void fuzz_rndis(struct glue *g, struct in *in)
{
	static const u32 init[] = { RNDIS_MSG_INIT, 24, 1, 1, 0, 0x4000 };
	u8 msg[2048], reply[HVNET_RNDIS_REPLY_MAX], ind[HVNET_RNDIS_INDICATE_LEN];
	u32 reply_len;
	u16 len;

	check(!hvnet_rndis_control(&g->rndis, init, sizeof(init), reply,
				   &reply_len));
	reply_ok(reply, reply_len);
	while (take(in, &len, 2)) {
		len = take(in, msg, len % sizeof(msg));
		hvnet_rndis_control(&g->rndis, msg, len, reply, &reply_len);
		reply_ok(reply, reply_len);
		check(hvnet_rndis_link(&g->rndis, len & 1, ind) <=
		      sizeof(ind));
	}
	check(g->rndis.n_mcast <= HVNET_RNDIS_MCAST_MAX);
	check(g->rndis.rss.key_size <= NDIS_RSS_HASH_KEY_SIZE_MAX);
	check(g->rndis.rss.n_itab <= NDIS_RSS_INDIRECTION_ENTRIES_MAX);
	check(!(g->rndis.filter & ~HVNET_RNDIS_FILTER_SUPPORTED));
}

static void fuzz_rxbuf(struct in *in)
{
	struct hvnet_rxbuf rb;
	u64 tid, tids[8] = {};
	u32 slot, held = 0;
	u8 op;

	check(!hvnet_rxbuf_init(&rb, 8));
	while (take(in, &op, 1)) {
		if (op & 1) {
			if (!hvnet_rxbuf_get(&rb, &slot, &tid)) {
				check(slot < 8 && !tids[slot]);
				tids[slot] = tid;
				held++;
			} else {
				check(held == 8);
			}
			continue;
		}
		tid = tids[(op >> 1) & 7];
		if (op & 2)
			take(in, &tid, sizeof(tid));
		if (!hvnet_rxbuf_complete(&rb, tid)) {
			check(tid && tids[(u32)tid] == tid);
			tids[(u32)tid] = 0;
			held--;
		}
		check(rb.used == held);
	}
	hvnet_rxbuf_destroy(&rb);
}

/* Accepted ranges become page chunks that add up and stay in their page. */
static void fuzz_gpa(const u8 *pkt, u32 len)
{
	struct hvnet_gpa_list l;
	u32 i, sum = 0;

	if (hvnet_gpa_parse(pkt, len, 70000, &l))
		return;
	check(l.n >= 1 && l.n <= HVNET_GPA_CHUNKS_MAX && l.total <= 70000);
	for (i = 0; i < l.n; i++) {
		check(l.c[i].len >= 1 && l.c[i].len <= HV_PAGE_SIZE);
		check((l.c[i].gpa & (HV_PAGE_SIZE - 1)) + l.c[i].len <=
		      HV_PAGE_SIZE);
		sum += l.c[i].len;
	}
	check(sum == l.total);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct glue g;
	struct in in = { data, size };
	u8 sel, *copy;

	if (!take(&in, &sel, 1))
		return 0;
	glue_setup(&g);
	switch (sel % 5) {
	case 0:
		fuzz_nvsp(&g, &in);
		break;
	case 1:
		fuzz_rndis(&g, &in);
		break;
	case 3:
		fuzz_rxbuf(&in);
		break;
	case 4:
		copy = malloc(in.n ? in.n : 1);
		check(!!copy);
		memcpy(copy, in.p, in.n);
		fuzz_gpa(copy, in.n);
		free(copy);
		break;
	default:
		/* An exact-size heap copy, so ASan sees any overread. */
		copy = malloc(in.n ? in.n : 1);
		check(!!copy);
		memcpy(copy, in.p, in.n);
		hvnet_rndis_walk(copy, in.n, 8, frame, NULL);
		free(copy);
		break;
	}
	return 0;
}
