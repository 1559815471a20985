/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Trace events of the synthetic NIC (system "hvnet"): each NVSP message
 * from the guest with the answer it got, each RNDIS control request, and
 * every message refused with the reason.  Defined in nvsp.c.
 *
 *   echo 1 > /sys/kernel/tracing/events/hvnet/enable
 *
 * hvnet_nvsp_msg also fires for every data packet (type 107); filter on
 * type to leave them out.  "nic" is the NIC's channel, hashed; the RNDIS
 * events name the NIC by its permanent MAC address.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM hvnet

#if !defined(_HVNET_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _HVNET_TRACE_H

#include <linux/tracepoint.h>

#define hvnet_show_nvsp_type(t)						\
	__print_symbolic(t, { 1, "INIT" },				\
		{ 100, "SEND_NDIS_VERSION" }, { 101, "SEND_RECV_BUF" },	\
		{ 103, "REVOKE_RECV_BUF" }, { 104, "SEND_SEND_BUF" },	\
		{ 106, "REVOKE_SEND_BUF" }, { 107, "SEND_RNDIS_PKT" },	\
		{ 125, "SEND_NDIS_CONFIG" }, { 129, "SWITCH_DATA_PATH" },\
		{ 133, "SUBCHANNEL" }, { 0, "none" })

#define hvnet_show_reply(r)						\
	__print_symbolic(r, { 0, "none" }, { 1, "completion" },	\
			 { 2, "empty-completion" }, { 3, "rndis" })

#define hvnet_show_rndis_type(t)					\
	__print_symbolic(t, { 0, "none" }, { 1, "PACKET" },		\
		{ 2, "INIT" }, { 3, "HALT" }, { 4, "QUERY" },		\
		{ 5, "SET" }, { 6, "RESET" }, { 8, "KEEPALIVE" })

/* An NVSP message from the guest and how it is answered. */
TRACE_EVENT(hvnet_nvsp_msg,
	    TP_PROTO(const void *nic, u32 type, u32 len, int reply),
	    TP_ARGS(nic, type, len, reply),
	    TP_STRUCT__entry(__field(const void *, nic)
			     __field(u32, type)
			     __field(u32, len)
			     __field(int, reply)),
	    TP_fast_assign(__entry->nic = nic;
			   __entry->type = type;
			   __entry->len = len;
			   __entry->reply = reply;),
	    TP_printk("nic=%p type=%u %s len=%u reply=%s", __entry->nic,
		      __entry->type, hvnet_show_nvsp_type(__entry->type),
		      __entry->len, hvnet_show_reply(__entry->reply))
);

TRACE_EVENT(hvnet_nvsp_bad,
	    TP_PROTO(const void *nic, u32 type, const char *why),
	    TP_ARGS(nic, type, why),
	    TP_STRUCT__entry(__field(const void *, nic)
			     __field(u32, type)
			     __string(why, why)),
	    TP_fast_assign(__entry->nic = nic;
			   __entry->type = type;
			   __assign_str(why);),
	    TP_printk("nic=%p type=%u %s: %s", __entry->nic, __entry->type,
		      hvnet_show_nvsp_type(__entry->type), __get_str(why))
);

/* An RNDIS control request; reply_len 0 means nothing was answered. */
TRACE_EVENT(hvnet_rndis_ctrl,
	    TP_PROTO(const u8 *mac, u32 type, u32 req_id, u32 oid, u32 reply_len),
	    TP_ARGS(mac, type, req_id, oid, reply_len),
	    TP_STRUCT__entry(__array(u8, mac, 6)
			     __field(u32, type)
			     __field(u32, req_id)
			     __field(u32, oid)
			     __field(u32, reply_len)),
	    TP_fast_assign(memcpy(__entry->mac, mac, 6);
			   __entry->type = type;
			   __entry->req_id = req_id;
			   __entry->oid = oid;
			   __entry->reply_len = reply_len;),
	    TP_printk("mac=%pM type=%#x %s req=%u oid=%#x reply_len=%u",
		      __entry->mac, __entry->type,
		      hvnet_show_rndis_type(__entry->type), __entry->req_id,
		      __entry->oid, __entry->reply_len)
);

TRACE_EVENT(hvnet_rndis_bad,
	    TP_PROTO(const u8 *mac, u32 type, const char *why),
	    TP_ARGS(mac, type, why),
	    TP_STRUCT__entry(__array(u8, mac, 6)
			     __field(u32, type)
			     __string(why, why)),
	    TP_fast_assign(memcpy(__entry->mac, mac, 6);
			   __entry->type = type;
			   __assign_str(why);),
	    TP_printk("mac=%pM type=%#x %s: %s", __entry->mac, __entry->type,
		      hvnet_show_rndis_type(__entry->type), __get_str(why))
);

#endif /* _HVNET_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH netvsp
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE hvnet_trace
#include <trace/define_trace.h>
