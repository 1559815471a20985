/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Trace events of the VMBus host (system "hvhost"): the channel messages
 * in and out of a connection, the ones refused and why, and channel state
 * changes.  The data path (kicks, ring packets) has none; its counters
 * are in debugfs.  Defined in connection.c.
 *
 *   echo 1 > /sys/kernel/tracing/events/hvhost/enable
 *
 * "vb" is the connection's address, hashed: it tells partitions apart.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM hvhost

#if !defined(_HVHOST_VMBUS_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _HVHOST_VMBUS_TRACE_H

#include <linux/tracepoint.h>

#define hvhost_show_msgtype(t)						\
	__print_symbolic(t,						\
		{ 1, "OFFERCHANNEL" }, { 2, "RESCIND_CHANNELOFFER" },	\
		{ 3, "REQUESTOFFERS" }, { 4, "ALLOFFERS_DELIVERED" },	\
		{ 5, "OPENCHANNEL" }, { 6, "OPENCHANNEL_RESULT" },	\
		{ 7, "CLOSECHANNEL" }, { 8, "GPADL_HEADER" },		\
		{ 9, "GPADL_BODY" }, { 10, "GPADL_CREATED" },		\
		{ 11, "GPADL_TEARDOWN" }, { 12, "GPADL_TORNDOWN" },	\
		{ 13, "RELID_RELEASED" }, { 14, "INITIATE_CONTACT" },	\
		{ 15, "VERSION_RESPONSE" }, { 16, "UNLOAD" },		\
		{ 17, "UNLOAD_RESPONSE" }, { 21, "TL_CONNECT_REQUEST" },\
		{ 22, "MODIFYCHANNEL" }, { 23, "TL_CONNECT_RESULT" },	\
		{ 24, "MODIFYCHANNEL_RESPONSE" })

#define hvhost_show_chan_state(s)					\
	__print_symbolic(s, { 0, "offered" }, { 1, "open" },		\
			 { 2, "rescinded" })

/* A guest HvPostMessage, after handling; status is the hypercall's. */
TRACE_EVENT(hvhost_vmbus_msg_in,
	    TP_PROTO(const void *vb, u32 conn_id, u32 msgtype, u32 size,
		     u16 status),
	    TP_ARGS(vb, conn_id, msgtype, size, status),
	    TP_STRUCT__entry(__field(const void *, vb)
			     __field(u32, conn_id)
			     __field(u32, msgtype)
			     __field(u32, size)
			     __field(u16, status)),
	    TP_fast_assign(__entry->vb = vb;
			   __entry->conn_id = conn_id;
			   __entry->msgtype = msgtype;
			   __entry->size = size;
			   __entry->status = status;),
	    TP_printk("vb=%p conn=%u type=%u %s size=%u status=%#x",
		      __entry->vb, __entry->conn_id, __entry->msgtype,
		      hvhost_show_msgtype(__entry->msgtype), __entry->size,
		      __entry->status)
);

/* A host message queued for the guest (it may wait for the slot). */
TRACE_EVENT(hvhost_vmbus_msg_out,
	    TP_PROTO(const void *vb, u32 vp, u32 msgtype, u32 size),
	    TP_ARGS(vb, vp, msgtype, size),
	    TP_STRUCT__entry(__field(const void *, vb)
			     __field(u32, vp)
			     __field(u32, msgtype)
			     __field(u32, size)),
	    TP_fast_assign(__entry->vb = vb;
			   __entry->vp = vp;
			   __entry->msgtype = msgtype;
			   __entry->size = size;),
	    TP_printk("vb=%p vp=%u type=%u %s size=%u",
		      __entry->vb, __entry->vp, __entry->msgtype,
		      hvhost_show_msgtype(__entry->msgtype), __entry->size)
);

/* A guest message refused or dropped, and why. */
TRACE_EVENT(hvhost_vmbus_msg_bad,
	    TP_PROTO(const void *vb, u32 msgtype, const char *why),
	    TP_ARGS(vb, msgtype, why),
	    TP_STRUCT__entry(__field(const void *, vb)
			     __field(u32, msgtype)
			     __string(why, why)),
	    TP_fast_assign(__entry->vb = vb;
			   __entry->msgtype = msgtype;
			   __assign_str(why);),
	    TP_printk("vb=%p type=%u %s: %s", __entry->vb, __entry->msgtype,
		      hvhost_show_msgtype(__entry->msgtype), __get_str(why))
);

TRACE_EVENT(hvhost_vmbus_chan_state,
	    TP_PROTO(const void *vb, u32 relid, int from, int to),
	    TP_ARGS(vb, relid, from, to),
	    TP_STRUCT__entry(__field(const void *, vb)
			     __field(u32, relid)
			     __field(int, from)
			     __field(int, to)),
	    TP_fast_assign(__entry->vb = vb;
			   __entry->relid = relid;
			   __entry->from = from;
			   __entry->to = to;),
	    TP_printk("vb=%p relid=%u %s -> %s", __entry->vb, __entry->relid,
		      hvhost_show_chan_state(__entry->from),
		      hvhost_show_chan_state(__entry->to))
);

#endif /* _HVHOST_VMBUS_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH vmbus
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE vmbus_trace
#include <trace/define_trace.h>
