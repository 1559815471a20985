// SPDX-License-Identifier: GPL-2.0-only
/*
 * SynIC interrupt wiring for hvhost: one GSI per (VP, SINT) routed with
 * KVM_IRQ_ROUTING_HV_SINT, an irqfd that hvhost signals to raise it and a
 * resample eventfd that KVM signals when the guest acknowledges it (EOM or
 * EOI), both handed to hvhost with HVHOST_SET_SINT_FDS.  Interrupts to the
 * guest and their acknowledgements never pass through this process.
 *
 * KVM_SET_GSI_ROUTING replaces the whole table, so the default PIC/IOAPIC
 * routes of the in-kernel irqchip are restated first.  Runs once, after
 * every vCPU exists with SynIC enabled and before they start.
 */
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>

#include "vm.h"

#define IOAPIC_PINS	24
#define PIC_PINS	16
#define SINT_GSI_BASE	IOAPIC_PINS

static u32 sint_gsi(u32 vp, u32 sint)
{
	return SINT_GSI_BASE + vp * HVHOST_SINT_COUNT + sint;
}

static void set_routing(struct vm *vm)
{
	u32 n = 0, i, vp, sint, max;
	struct kvm_irq_routing *r;

	max = PIC_PINS + IOAPIC_PINS + vm->opt.cpus * HVHOST_SINT_COUNT;
	r = calloc(1, sizeof(*r) + max * sizeof(r->entries[0]));
	if (!r)
		die("out of memory (routing)");
	for (i = 0; i < IOAPIC_PINS; i++) {
		if (i < PIC_PINS) {
			r->entries[n].gsi = i;
			r->entries[n].type = KVM_IRQ_ROUTING_IRQCHIP;
			r->entries[n].u.irqchip.irqchip = i < 8 ?
				KVM_IRQCHIP_PIC_MASTER : KVM_IRQCHIP_PIC_SLAVE;
			r->entries[n].u.irqchip.pin = i % 8;
			n++;
		}
		r->entries[n].gsi = i;
		r->entries[n].type = KVM_IRQ_ROUTING_IRQCHIP;
		r->entries[n].u.irqchip.irqchip = KVM_IRQCHIP_IOAPIC;
		r->entries[n].u.irqchip.pin = i;
		n++;
	}
	for (vp = 0; vp < vm->opt.cpus; vp++)
		for (sint = 0; sint < HVHOST_SINT_COUNT; sint++) {
			r->entries[n].gsi = sint_gsi(vp, sint);
			r->entries[n].type = KVM_IRQ_ROUTING_HV_SINT;
			r->entries[n].u.hv_sint.vcpu = vp;
			r->entries[n].u.hv_sint.sint = sint;
			n++;
		}
	r->nr = n;
	if (ioctl(vm->vm_fd, KVM_SET_GSI_ROUTING, r) < 0)
		die_errno("KVM_SET_GSI_ROUTING");
	free(r);
}

static void bind_sint(struct vm *vm, u32 vp, u32 sint)
{
	struct kvm_irqfd irqfd = { 0 };
	struct hvhost_sint_fds fds = { 0 };
	int fd, rfd;

	fd = eventfd(0, EFD_CLOEXEC);
	rfd = eventfd(0, EFD_CLOEXEC);
	if (fd < 0 || rfd < 0)
		die_errno("eventfd");
	irqfd.fd = fd;
	irqfd.gsi = sint_gsi(vp, sint);
	irqfd.flags = KVM_IRQFD_FLAG_RESAMPLE;
	irqfd.resamplefd = rfd;
	if (ioctl(vm->vm_fd, KVM_IRQFD, &irqfd) < 0)
		die_errno("KVM_IRQFD vp %u sint %u", vp, sint);
	fds.vp = vp;
	fds.sint = sint;
	fds.irqfd = fd;
	fds.resamplefd = rfd;
	if (ioctl(vm->hvhost.fd, HVHOST_SET_SINT_FDS, &fds) < 0)
		die_errno("HVHOST_SET_SINT_FDS vp %u sint %u", vp, sint);
	/* Both fds stay open for the life of the VM. */
}

void sint_setup(struct vm *vm)
{
	u32 vp, sint;

	if (vm->hvhost.fd < 0)
		return;
	set_routing(vm);
	for (vp = 0; vp < vm->opt.cpus; vp++)
		for (sint = 0; sint < HVHOST_SINT_COUNT; sint++)
			bind_sint(vm, vp, sint);
}
