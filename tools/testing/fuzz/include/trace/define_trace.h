/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace shim: no trace events are created (see linux/tracepoint.h). */
