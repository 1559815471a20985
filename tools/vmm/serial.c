// SPDX-License-Identifier: GPL-2.0-only
/*
 * 16550A UART at 0x3f8, output only: THR bytes go to stdout, the
 * transmitter is always empty, nothing is ever received.  Enough of the
 * chip for Linux's 8250 probe (scratch, IER readback, loopback MSR, FIFO
 * in IIR) and its interrupt-driven transmit path (THR-empty interrupt on IRQ 4).
 * Caller holds vm->io_lock.
 */
#include <stdio.h>
#include <sys/ioctl.h>

#include "vm.h"

#define RBR_THR		0
#define IER		1
#define IIR_FCR		2
#define LCR		3
#define MCR		4
#define LSR		5
#define MSR		6
#define SCR		7

#define IER_THRI	0x02
#define IIR_NONE	0x01
#define IIR_THRI	0x02
#define IIR_FIFO	0xc0
#define LCR_DLAB	0x80
#define MCR_LOOP	0x10
#define LSR_THRE_TEMT	0x60

static void serial_update_irq(struct vm *vm)
{
	struct serial *s = &vm->serial;
	bool level = (s->ier & IER_THRI) && s->thri_pending;
	struct kvm_irq_level irq = { .irq = COM1_IRQ, .level = level };

	if (level == s->irq_level)
		return;
	s->irq_level = level;
	if (ioctl(vm->vm_fd, KVM_IRQ_LINE, &irq) < 0)
		logmsg("KVM_IRQ_LINE %d failed", COM1_IRQ);
}

static u8 loop_msr(u8 mcr)
{
	/* DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD */
	return ((mcr & 0x01) << 5) | ((mcr & 0x02) << 3) |
	       ((mcr & 0x04) << 4) | ((mcr & 0x08) << 4);
}

static u8 serial_read(struct serial *s, int reg)
{
	u8 fifo = (s->fcr & 1) ? IIR_FIFO : 0;

	switch (reg) {
	case RBR_THR:
		return (s->lcr & LCR_DLAB) ? s->dll : 0;
	case IER:
		return (s->lcr & LCR_DLAB) ? s->dlm : s->ier;
	case IIR_FCR:
		if ((s->ier & IER_THRI) && s->thri_pending) {
			s->thri_pending = false;	/* reading IIR acks THR empty */
			return fifo | IIR_THRI;
		}
		return fifo | IIR_NONE;
	case LCR:
		return s->lcr;
	case MCR:
		return s->mcr;
	case LSR:
		return LSR_THRE_TEMT;
	case MSR:
		return (s->mcr & MCR_LOOP) ? loop_msr(s->mcr) : 0xb0;
	default:
		return s->scr;
	}
}

static void serial_write(struct serial *s, int reg, u8 v)
{
	switch (reg) {
	case RBR_THR:
		if (s->lcr & LCR_DLAB) {
			s->dll = v;
			break;
		}
		if (!(s->mcr & MCR_LOOP)) {
			putchar(v);
			if (v == '\n')
				fflush(stdout);
		}
		s->thri_pending = true;
		break;
	case IER:
		if (s->lcr & LCR_DLAB) {
			s->dlm = v;
			break;
		}
		if ((v & IER_THRI) && !(s->ier & IER_THRI))
			s->thri_pending = true;
		s->ier = v & 0x0f;
		break;
	case IIR_FCR:
		s->fcr = v & 0xc9;
		break;
	case LCR:
		s->lcr = v;
		break;
	case MCR:
		s->mcr = v & 0x1f;
		break;
	case SCR:
		s->scr = v;
		break;
	default:
		break;	/* LSR, MSR: read-only */
	}
}

void serial_io(struct vm *vm, u16 port, bool write, u8 *data)
{
	int reg = port - PORT_COM1;

	if (write)
		serial_write(&vm->serial, reg, *data);
	else
		*data = serial_read(&vm->serial, reg);
	serial_update_irq(vm);
}
