// SPDX-License-Identifier: GPL-2.0-only
/*
 * Exit counters by kind, printed per phase.  Counting is a relaxed atomic
 * add on the vCPU's hot path; phase changes and printing take stats->lock.
 * A phase only moves forward, until a reboot starts the next boot's at
 * PH_BOOT again.
 */
#include <stdio.h>

#include "vm.h"

static const char *const kind_name[EK_NR] = {
	[EK_IO_SERIAL] = "io-serial",
	[EK_IO_PM] = "io-platform",
	[EK_IO_OTHER] = "io-other",
	[EK_MMIO] = "mmio",
	[EK_HV_SYNIC] = "hv-synic",
	[EK_HV_HCALL_POST] = "hv-post-message",
	[EK_HV_HCALL_SIGNAL] = "hv-signal-event",
	[EK_HV_HCALL_OTHER] = "hv-hcall-other",
	[EK_HV_SYNDBG] = "hv-other",
	[EK_MSR_IDLE] = "msr-guest-idle",
	[EK_MSR_OTHER] = "msr-other",
	[EK_INTR] = "intr",
	[EK_SYSTEM_EVENT] = "system-event",
	[EK_SHUTDOWN] = "shutdown",
	[EK_OTHER] = "other",
};

static const char *const phase_name[PH_NR] = {
	[PH_BOOT] = "boot",
	[PH_SYNIC] = "synic",
	[PH_VMBUS] = "vmbus",
};

void stats_init(struct stats *s)
{
	pthread_mutex_init(&s->lock, NULL);
}

void stats_count(struct vm *vm, enum exit_kind k)
{
	atomic_fetch_add_explicit(&vm->stats.count[k], 1, memory_order_relaxed);
}

/* Print the counts since the last mark; caller holds s->lock. */
static void print_phase(struct stats *s, int phase)
{
	unsigned long total = 0, d[EK_NR];
	char line[512];
	int i, n;

	for (i = 0; i < EK_NR; i++) {
		unsigned long now = atomic_load(&s->count[i]);

		d[i] = now - s->mark[i];
		s->mark[i] = now;
		total += d[i];
	}
	n = snprintf(line, sizeof(line), "exits phase=%s total=%lu",
		     phase_name[phase], total);
	for (i = 0; i < EK_NR && n > 0 && (size_t)n < sizeof(line); i++)
		if (d[i])
			n += snprintf(line + n, sizeof(line) - n, " %s=%lu",
				      kind_name[i], d[i]);
	logmsg("%s", line);
}

void stats_enter_phase(struct vm *vm, enum phase p)
{
	struct stats *s = &vm->stats;
	int cur;

	if (atomic_load(&s->phase) >= (int)p)
		return;
	pthread_mutex_lock(&s->lock);
	cur = atomic_load(&s->phase);
	while (cur < (int)p) {
		print_phase(s, cur);
		cur++;
		atomic_store(&s->phase, cur);
	}
	pthread_mutex_unlock(&s->lock);
}

void stats_print_final(struct vm *vm)
{
	struct stats *s = &vm->stats;
	unsigned long total = 0;
	int i;

	pthread_mutex_lock(&s->lock);
	print_phase(s, atomic_load(&s->phase));
	for (i = 0; i < EK_NR; i++)
		total += atomic_load(&s->count[i]);
	logmsg("exits total=%lu", total);
	logmsg("reboots %u", vm->reboots);
	pthread_mutex_unlock(&s->lock);
}

/* The guest rebooted: close the ending boot's phase, start at PH_BOOT. */
void stats_reboot(struct vm *vm)
{
	struct stats *s = &vm->stats;

	pthread_mutex_lock(&s->lock);
	print_phase(s, atomic_load(&s->phase));
	atomic_store(&s->phase, PH_BOOT);
	pthread_mutex_unlock(&s->lock);
}
