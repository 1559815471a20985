/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim: every TRACE_EVENT() becomes an empty trace_<name>()
 * that still takes, and so type-checks, the event's arguments.  Events
 * read as enabled, so the code that gathers their fields is fuzzed too.
 */
#ifndef _FUZZ_LINUX_TRACEPOINT_H
#define _FUZZ_LINUX_TRACEPOINT_H

#define PARAMS(args...)		args
#define TP_PROTO(args...)	args
#define TP_ARGS(args...)	args

#define TRACE_EVENT(name, proto, args, tstruct, assign, print)		\
	static inline void trace_##name(proto) {}			\
	static inline bool trace_##name##_enabled(void) { return true; }
#define DECLARE_EVENT_CLASS(name, proto, args, tstruct, assign, print)
#define DEFINE_EVENT(template, name, proto, args)			\
	static inline void trace_##name(proto) {}			\
	static inline bool trace_##name##_enabled(void) { return true; }

#endif /* _FUZZ_LINUX_TRACEPOINT_H */
