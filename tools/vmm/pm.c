// SPDX-License-Identifier: GPL-2.0-only
/*
 * Platform ports: ACPI PM1a event/control (power-off via SLP_TYP=S5 |
 * SLP_EN), reset (0xcf9 and the 8042 pulse 0xfe), a read-only CMOS clock
 * that never reports update-in-progress, and the POST port.  Returns false
 * for ports it does not own.  Caller holds vm->io_lock.
 */
#include <string.h>

#include "vm.h"

#define SCI_EN		0x0001
#define SLP_EN		0x2000
#define SLP_TYP(v)	(((v) >> 10) & 7)
#define PORT_CMOS_IDX	0x70
#define PORT_CMOS_DATA	0x71
#define PORT_POST	0x80

static u8 cmos_read(u8 idx)
{
	switch (idx & 0x7f) {
	case 0x07: return 0x01;		/* day 1 */
	case 0x08: return 0x01;		/* January */
	case 0x09: return 0x26;		/* year (BCD) */
	case 0x0a: return 0x26;		/* no update in progress */
	case 0x0b: return 0x02;		/* 24h, BCD */
	case 0x0d: return 0x80;		/* valid RAM and time */
	case 0x32: return 0x20;		/* century */
	default:   return 0;
	}
}

static void pm1_cnt_write(struct vm *vm, u16 v)
{
	vm->pm1_cnt = (v & ~SLP_EN) | SCI_EN;
	if ((v & SLP_EN) && SLP_TYP(v) == ACPI_S5_TYP) {
		logmsg("guest powered off (ACPI S5)");
		vm_stop(vm, EXIT_POWEROFF);
	}
}

static bool pm1_io(struct vm *vm, u16 port, bool write, u8 *data,
		   int size)
{
	u16 v = 0;
	int off = port - PORT_PM1A_EVT;

	if (size > 2)
		size = 2;
	if (write)
		memcpy(&v, data, size);
	switch (off) {
	case 0:					/* PM1a_STS: write 1 to clear */
		if (write)
			vm->pm1_sts &= ~v;
		else
			v = vm->pm1_sts;
		break;
	case 2:					/* PM1a_EN */
		if (write)
			vm->pm1_en = v;
		else
			v = vm->pm1_en;
		break;
	case 4:					/* PM1a_CNT */
		if (write)
			pm1_cnt_write(vm, v);
		else
			v = vm->pm1_cnt | SCI_EN;
		break;
	default:				/* odd bytes: ignore */
		break;
	}
	if (!write)
		memcpy(data, &v, size);
	return true;
}

bool pm_io(struct vm *vm, u16 port, bool write, u8 *data, int size)
{
	if (port >= PORT_PM1A_EVT && port < PORT_PM1A_CNT + 2)
		return pm1_io(vm, port, write, data, size);

	switch (port) {
	case PORT_RESET:
		if (write && (*data & 0x04))
			vm_reset(vm, "0xcf9");
		else if (!write)
			*data = 0;
		return true;
	case PORT_KBD_CMD:
		if (write && *data == 0xfe)
			vm_reset(vm, "8042");
		else if (!write)
			*data = 0;		/* no data, input buffer empty */
		return true;
	case PORT_CMOS_IDX:
		if (write)
			vm->cmos_index = *data;
		else
			*data = 0xff;
		return true;
	case PORT_CMOS_DATA:
		if (!write)
			*data = cmos_read(vm->cmos_index);
		return true;
	case PORT_POST:
		return true;
	}
	return false;
}
