// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest reset: --reboot/--max-reboots, the decision to restart, and the
 * restart itself.  The main thread runs all of it once every vCPU thread
 * has ended (vcpu_thread() completes its last exit first, so no vCPU is
 * in KVM_RUN and KVM has nothing half done):
 *
 *   1. HVHOST_RESET: hvhost forgets the VMBus connection, closes every
 *      channel, drops GPADLs, SynIC pages and their pins.  Offers (echo
 *      devices, NICs and their host ports), the memory table, the SINT
 *      irqfds and the signal eventfds stay, so the next boot is offered
 *      the same devices with the same connection ids.
 *   2. The PIC, IOAPIC and PIT, and every vCPU, get back the state KVM
 *      gave them at creation (saved by poweron_save() before the first
 *      boot): registers, sregs, FPU/XSAVE, XCRs, MSRs (KVM's list plus the
 *      Hyper-V partition and SynIC MSRs: guest OS id, hypercall page,
 *      reference TSC, SCONTROL, SIEFP, SIMP, EOM, SINTx, STIMERx; only
 *      those the guest changed are written), LAPIC,
 *      MP state (APs wait for INIT/SIPI again), events, debug registers.
 *      The TSC keeps counting, as after a kexec.
 *   3. Guest RAM is dropped (zero again) and the kernel, initrd, zero page
 *      and ACPI tables are loaded as at first boot; the BSP gets its
 *      64-bit entry state.
 *   4. hvvmm's own per-boot state: UART, PM1, CMOS index, the SynIC MSR
 *      copies and the exit statistics' phase (reset_platform()).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "vm.h"

/* Hyper-V MSRs KVM keeps (TLFS); not all are in KVM_GET_MSR_INDEX_LIST. */
#define HV_X64_MSR_GUEST_OS_ID		0x40000000
#define HV_X64_MSR_HYPERCALL		0x40000001
#define HV_X64_MSR_REFERENCE_TSC	0x40000021
#define HV_X64_MSR_VP_ASSIST_PAGE	0x40000073
#define HV_X64_MSR_SCONTROL		0x40000080
#define HV_X64_MSR_SIEFP		0x40000082
#define HV_X64_MSR_SIMP			0x40000083
#define HV_X64_MSR_EOM			0x40000084
#define HV_X64_MSR_SINT0		0x40000090
#define HV_X64_MSR_STIMER0_CONFIG	0x400000b0
#define HV_X64_MSR_RESET		0x40000106
#define MSR_IA32_TSC			0x00000010

#define MSR_LIST_MAX			1024

struct vcpu_state {
	struct kvm_regs regs;
	struct kvm_sregs sregs;
	struct kvm_fpu fpu;
	struct kvm_xsave *xsave;	/* NULL: KVM_SET_FPU alone */
	struct kvm_xcrs xcrs;
	bool have_xcrs;
	struct kvm_lapic_state lapic;
	struct kvm_mp_state mp;
	struct kvm_vcpu_events events;
	struct kvm_debugregs debugregs;
	struct kvm_msrs *msrs;
};

struct irqchip_state {
	struct kvm_irqchip chip[3];	/* PIC master, PIC slave, IOAPIC */
	struct kvm_pit_state2 pit;
};

/* --reboot=restart|exit; returns 0 or -1 with the reason in @err. */
int reboot_opt_parse(struct vm_options *o, const char *arg, char *err,
		     size_t errlen)
{
	if (!strcmp(arg, "restart")) {
		o->reboot = REBOOT_RESTART;
	} else if (!strcmp(arg, "exit")) {
		o->reboot = REBOOT_EXIT;
	} else {
		snprintf(err, errlen, "--reboot takes restart or exit");
		return -1;
	}
	return 0;
}

/*
 * The VM stopped and every vCPU thread has ended: restart the guest, or
 * let hvvmm exit with vm->exit_code?  Restart only for a guest reset
 * (vm_reset() won the stop), with --reboot=restart, no SIGTERM/SIGINT,
 * and fewer than --max-reboots reboots so far.  Counts the reboot and
 * says so.
 */
enum reset_action reset_decide(struct vm *vm)
{
	const char *why = vm->reset_why;

	if (!why || atomic_load(&vm->exit_code) != EXIT_RESET)
		return RESET_EXIT;
	if (atomic_load(&vm->terminate)) {
		logmsg("guest reset (%s) after a signal: exiting", why);
		atomic_store(&vm->exit_code, EXIT_ERROR);
		return RESET_EXIT;
	}
	if (vm->opt.reboot == REBOOT_EXIT) {
		logmsg("guest reset (%s): exiting (--reboot=exit)", why);
		return RESET_EXIT;
	}
	if (vm->reboots >= vm->opt.max_reboots) {
		logmsg("guest reset (%s): %u reboots already, exiting (--max-reboots)",
		       why, vm->reboots);
		return RESET_EXIT;
	}
	vm->reboots++;
	logmsg("guest reset (%s), reboot %u", why, vm->reboots);
	return RESET_RESTART;
}

/*
 * hvvmm's own per-boot state back to power-on: UART, PM1 registers, CMOS
 * index, each vCPU's SynIC MSR copy, the exit statistics' phase.  The
 * UART's interrupt line is lowered first if hvvmm raised it.  No vCPU
 * thread runs.
 */
void reset_platform(struct vm *vm)
{
	struct kvm_irq_level irq = { .irq = COM1_IRQ, .level = 0 };
	unsigned int i;

	pthread_mutex_lock(&vm->io_lock);
	if (vm->serial.irq_level && ioctl(vm->vm_fd, KVM_IRQ_LINE, &irq) < 0)
		logmsg("KVM_IRQ_LINE %d failed", COM1_IRQ);
	memset(&vm->serial, 0, sizeof(vm->serial));
	vm->pm1_cnt = 0;
	vm->pm1_en = 0;
	vm->pm1_sts = 0;
	vm->cmos_index = 0;
	pthread_mutex_unlock(&vm->io_lock);
	for (i = 0; i < vm->opt.cpus; i++)
		memset(&vm->vcpus[i].synic, 0, sizeof(vm->vcpus[i].synic));
	stats_reboot(vm);
}

static bool msr_wanted(u32 index)
{
	/* The TSC runs on; HV_X64_MSR_RESET would ask for another reset. */
	return index != MSR_IA32_TSC && index != HV_X64_MSR_RESET;
}

static void msr_add(u32 *list, u32 *n, u32 index)
{
	u32 i;

	if (!msr_wanted(index) || *n >= MSR_LIST_MAX)
		return;
	for (i = 0; i < *n; i++)
		if (list[i] == index)
			return;
	list[(*n)++] = index;
}

/* KVM's MSR list plus the Hyper-V ones; @list has MSR_LIST_MAX slots. */
static u32 msr_list(struct vm *vm, u32 *list)
{
	struct kvm_msr_list *kl;
	u32 n = 0, i;

	kl = calloc(1, sizeof(*kl) + MSR_LIST_MAX * sizeof(u32));
	if (!kl)
		die("out of memory (msr list)");
	kl->nmsrs = MSR_LIST_MAX;
	if (ioctl(vm->kvm_fd, KVM_GET_MSR_INDEX_LIST, kl) < 0)
		die_errno("KVM_GET_MSR_INDEX_LIST");
	for (i = 0; i < kl->nmsrs; i++)
		msr_add(list, &n, kl->indices[i]);
	free(kl);
	msr_add(list, &n, HV_X64_MSR_GUEST_OS_ID);
	msr_add(list, &n, HV_X64_MSR_HYPERCALL);
	msr_add(list, &n, HV_X64_MSR_REFERENCE_TSC);
	msr_add(list, &n, HV_X64_MSR_VP_ASSIST_PAGE);
	msr_add(list, &n, HV_X64_MSR_SCONTROL);
	msr_add(list, &n, HV_X64_MSR_SIEFP);
	msr_add(list, &n, HV_X64_MSR_SIMP);
	msr_add(list, &n, HV_X64_MSR_EOM);
	for (i = 0; i < HVHOST_SINT_COUNT; i++)
		msr_add(list, &n, HV_X64_MSR_SINT0 + i);
	for (i = 0; i < 8; i++)		/* STIMER0-3 CONFIG and COUNT */
		msr_add(list, &n, HV_X64_MSR_STIMER0_CONFIG + i);
	return n;
}

/*
 * KVM_GET_MSRS and KVM_SET_MSRS stop at the first MSR they refuse and
 * return how many they did.  Step over a refused one and go on; @m is
 * compacted to the MSRs that were done.  Returns how many were refused.
 */
static u32 msrs_xfer(struct vcpu *vcpu, struct kvm_msrs *m, unsigned long req)
{
	struct kvm_msrs *part;
	u32 done = 0, i = 0, refused = 0;
	int r;

	part = calloc(1, sizeof(*part) + m->nmsrs * sizeof(m->entries[0]));
	if (!part)
		die("out of memory (msrs)");
	while (i < m->nmsrs) {
		part->nmsrs = m->nmsrs - i;
		memcpy(part->entries, &m->entries[i],
		       part->nmsrs * sizeof(m->entries[0]));
		r = ioctl(vcpu->fd, req, part);
		if (r < 0)
			die_errno("vcpu%d: KVM_%s_MSRS", vcpu->id,
				  req == KVM_GET_MSRS ? "GET" : "SET");
		memcpy(&m->entries[done], part->entries,
		       r * sizeof(m->entries[0]));
		done += r;
		i += r;
		if (i < m->nmsrs) {
			if (vcpu->vm->opt.verbose)
				logmsg("vcpu%d: MSR %#x refused by KVM_%s_MSRS",
				       vcpu->id, m->entries[i].index,
				       req == KVM_GET_MSRS ? "GET" : "SET");
			refused++;
			i++;
		}
	}
	m->nmsrs = done;
	free(part);
	return refused;
}

static void vcpu_ioctl(struct vcpu *vcpu, unsigned long req, void *arg,
		       const char *what)
{
	if (ioctl(vcpu->fd, req, arg) < 0)
		die_errno("vcpu%d: %s", vcpu->id, what);
}

static void vcpu_save(struct vm *vm, struct vcpu *vcpu, const u32 *list,
		      u32 n, int xsave_size)
{
	struct vcpu_state *s = calloc(1, sizeof(*s));
	u32 i;

	if (!s)
		die("out of memory (vcpu state)");
	vcpu_ioctl(vcpu, KVM_GET_REGS, &s->regs, "KVM_GET_REGS");
	vcpu_ioctl(vcpu, KVM_GET_SREGS, &s->sregs, "KVM_GET_SREGS");
	vcpu_ioctl(vcpu, KVM_GET_FPU, &s->fpu, "KVM_GET_FPU");
	if (xsave_size > 0) {
		s->xsave = calloc(1, xsave_size);
		if (!s->xsave)
			die("out of memory (xsave)");
		vcpu_ioctl(vcpu, xsave_size > (int)sizeof(struct kvm_xsave) ?
			   KVM_GET_XSAVE2 : KVM_GET_XSAVE, s->xsave,
			   "KVM_GET_XSAVE");
	}
	if (ioctl(vm->vm_fd, KVM_CHECK_EXTENSION, KVM_CAP_XCRS) > 0) {
		vcpu_ioctl(vcpu, KVM_GET_XCRS, &s->xcrs, "KVM_GET_XCRS");
		s->have_xcrs = true;
	}
	vcpu_ioctl(vcpu, KVM_GET_LAPIC, &s->lapic, "KVM_GET_LAPIC");
	vcpu_ioctl(vcpu, KVM_GET_MP_STATE, &s->mp, "KVM_GET_MP_STATE");
	vcpu_ioctl(vcpu, KVM_GET_VCPU_EVENTS, &s->events, "KVM_GET_VCPU_EVENTS");
	vcpu_ioctl(vcpu, KVM_GET_DEBUGREGS, &s->debugregs, "KVM_GET_DEBUGREGS");

	s->msrs = calloc(1, sizeof(*s->msrs) + n * sizeof(s->msrs->entries[0]));
	if (!s->msrs)
		die("out of memory (msrs)");
	s->msrs->nmsrs = n;
	for (i = 0; i < n; i++)
		s->msrs->entries[i].index = list[i];
	msrs_xfer(vcpu, s->msrs, KVM_GET_MSRS);
	vcpu->poweron = s;
}

/*
 * Save the power-on state of the irqchip, the PIT and every vCPU: right
 * after creation, before the first boot writes anything.
 */
void poweron_save(struct vm *vm)
{
	struct irqchip_state *ic = calloc(1, sizeof(*ic));
	u32 *list = calloc(MSR_LIST_MAX, sizeof(u32));
	int xsave_size = 0, i;
	u32 n;

	if (!ic || !list)
		die("out of memory (power-on state)");
	for (i = 0; i < 3; i++) {
		ic->chip[i].chip_id = i;
		if (ioctl(vm->vm_fd, KVM_GET_IRQCHIP, &ic->chip[i]) < 0)
			die_errno("KVM_GET_IRQCHIP %d", i);
	}
	if (ioctl(vm->vm_fd, KVM_GET_PIT2, &ic->pit) < 0)
		die_errno("KVM_GET_PIT2");
	vm->irqchip_poweron = ic;

	if (ioctl(vm->vm_fd, KVM_CHECK_EXTENSION, KVM_CAP_XSAVE) > 0) {
		xsave_size = ioctl(vm->vm_fd, KVM_CHECK_EXTENSION, KVM_CAP_XSAVE2);
		if (xsave_size < (int)sizeof(struct kvm_xsave))
			xsave_size = sizeof(struct kvm_xsave);
	}
	n = msr_list(vm, list);
	for (i = 0; i < (int)vm->opt.cpus; i++)
		vcpu_save(vm, &vm->vcpus[i], list, n, xsave_size);
	if (vm->opt.verbose)
		logmsg("power-on state saved: %u MSRs per vCPU, xsave %d bytes",
		       vm->vcpus[0].poweron->msrs->nmsrs, xsave_size);
	free(list);
}

static void irqchip_restore(struct vm *vm)
{
	struct irqchip_state *ic = vm->irqchip_poweron;
	int i;

	for (i = 0; i < 3; i++)
		if (ioctl(vm->vm_fd, KVM_SET_IRQCHIP, &ic->chip[i]) < 0)
			die_errno("KVM_SET_IRQCHIP %d", i);
	if (ioctl(vm->vm_fd, KVM_SET_PIT2, &ic->pit) < 0)
		die_errno("KVM_SET_PIT2");
}

static struct kvm_msrs *msrs_dup(const struct kvm_msrs *m)
{
	size_t sz = sizeof(*m) + m->nmsrs * sizeof(m->entries[0]);
	struct kvm_msrs *c = malloc(sz);

	if (!c)
		die("out of memory (msrs)");
	memcpy(c, m, sz);
	return c;
}

/*
 * Write back the power-on value of every MSR that no longer has it (or
 * that cannot be read now).  Only what the guest changed is written:
 * KVM logs some host writes it ignores (e.g. DEBUGCTL without LBR
 * virtualization), and an unchanged MSR needs no write.
 */
static void msrs_restore(struct vcpu *vcpu, const struct kvm_msrs *poweron)
{
	struct kvm_msrs *cur = msrs_dup(poweron), *w = msrs_dup(poweron);
	u32 i, j = 0, n = 0, want;

	msrs_xfer(vcpu, cur, KVM_GET_MSRS);	/* a subset, in order */
	for (i = 0; i < poweron->nmsrs; i++) {
		const struct kvm_msr_entry *e = &poweron->entries[i];

		if (j < cur->nmsrs && cur->entries[j].index == e->index) {
			if (cur->entries[j++].data == e->data)
				continue;
		}
		w->entries[n++] = *e;
	}
	want = n;
	w->nmsrs = n;
	if (msrs_xfer(vcpu, w, KVM_SET_MSRS))
		logmsg("vcpu%d: %u of %u changed MSRs not restored", vcpu->id,
		       want - w->nmsrs, want);
	else if (vcpu->vm->opt.verbose)
		logmsg("vcpu%d: %u changed MSRs restored", vcpu->id, want);
	free(cur);
	free(w);
}

/* In the order QEMU uses: MSRs after sregs, the LAPIC after both. */
static void vcpu_restore(struct vcpu *vcpu)
{
	struct vcpu_state *s = vcpu->poweron;
	struct kvm_vcpu_events ev = s->events;

	vcpu_ioctl(vcpu, KVM_SET_SREGS, &s->sregs, "KVM_SET_SREGS");
	vcpu_ioctl(vcpu, KVM_SET_REGS, &s->regs, "KVM_SET_REGS");
	vcpu_ioctl(vcpu, KVM_SET_FPU, &s->fpu, "KVM_SET_FPU");
	if (s->xsave)
		vcpu_ioctl(vcpu, KVM_SET_XSAVE, s->xsave, "KVM_SET_XSAVE");
	if (s->have_xcrs)
		vcpu_ioctl(vcpu, KVM_SET_XCRS, &s->xcrs, "KVM_SET_XCRS");

	msrs_restore(vcpu, s->msrs);
	vcpu_ioctl(vcpu, KVM_SET_MP_STATE, &s->mp, "KVM_SET_MP_STATE");
	vcpu_ioctl(vcpu, KVM_SET_LAPIC, &s->lapic, "KVM_SET_LAPIC");
	/* No NMI or SIPI pending either; SMM and shadow as saved. */
	ev.flags |= KVM_VCPUEVENT_VALID_NMI_PENDING |
		    KVM_VCPUEVENT_VALID_SIPI_VECTOR;
	vcpu_ioctl(vcpu, KVM_SET_VCPU_EVENTS, &ev, "KVM_SET_VCPU_EVENTS");
	vcpu_ioctl(vcpu, KVM_SET_DEBUGREGS, &s->debugregs, "KVM_SET_DEBUGREGS");
}

/*
 * Restart the guest after reset_decide() said so.  No vCPU thread runs;
 * the caller starts them again.  See the top of this file.
 */
void vm_reboot(struct vm *vm)
{
	unsigned int i;

	if (vm->hvhost.fd >= 0 && ioctl(vm->hvhost.fd, HVHOST_RESET) < 0)
		die_errno("HVHOST_RESET");
	reset_platform(vm);
	irqchip_restore(vm);
	for (i = 0; i < vm->opt.cpus; i++)
		vcpu_restore(&vm->vcpus[i]);

	/* Fresh zero pages, as at power-on; KVM's MMU notifier follows. */
	if (madvise(vm->mem, vm->mem_size, MADV_DONTNEED) < 0)
		die_errno("madvise(MADV_DONTNEED) guest memory");
	if (vm->opt.reboot_cmdline)
		vm->opt.cmdline = vm->opt.reboot_cmdline;
	boot_load(vm);
	boot_setup_bsp(vm, &vm->vcpus[0]);
}
