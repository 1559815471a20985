// SPDX-License-Identifier: GPL-2.0-only
/*
 * Linux x86 boot protocol, 64-bit entry: load the protected-mode part of a
 * bzImage at 1 MiB, fill a zero page (setup header, command line, initrd,
 * e820, RSDP address) and start the BSP in long mode at load address +
 * 0x200 with %rsi pointing at the zero page.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "vm.h"

/* struct boot_params offsets (arch/x86/include/uapi/asm/bootparam.h) */
#define BP_ACPI_RSDP		0x070
#define BP_E820_ENTRIES		0x1e8
#define BP_HDR			0x1f1
#define BP_SETUP_SECTS		0x1f1
#define BP_BOOT_FLAG		0x1fe
#define BP_JUMP			0x200
#define BP_HEADER		0x202
#define BP_VERSION		0x206
#define BP_TYPE_OF_LOADER	0x210
#define BP_LOADFLAGS		0x211
#define BP_RAMDISK_IMAGE	0x218
#define BP_RAMDISK_SIZE		0x21c
#define BP_HEAP_END_PTR		0x224
#define BP_CMD_LINE_PTR		0x228
#define BP_INITRD_ADDR_MAX	0x22c
#define BP_XLOADFLAGS		0x236
#define BP_CMDLINE_SIZE		0x238
#define BP_INIT_SIZE		0x260
#define BP_E820_TABLE		0x2d0
#define BP_SIZE			0x1000

#define LOADED_HIGH		0x01
#define CAN_USE_HEAP		0x80
#define XLF_KERNEL_64		0x01

#define E820_RAM		1
#define E820_RESERVED		2

static u32 rd32(const u8 *p)
{
	u32 v;

	memcpy(&v, p, 4);
	return v;
}

static void wr16(u8 *p, u16 v) { memcpy(p, &v, 2); }
static void wr32(u8 *p, u32 v) { memcpy(p, &v, 4); }
static void wr64(u8 *p, u64 v) { memcpy(p, &v, 8); }

static void e820_add(u8 *bp, u64 addr, u64 size, u32 type)
{
	u8 n = bp[BP_E820_ENTRIES];
	u8 *e = bp + BP_E820_TABLE + n * 20;

	wr64(e, addr);
	wr64(e + 8, size);
	wr32(e + 16, type);
	bp[BP_E820_ENTRIES] = n + 1;
}

static void *must_gpa(struct vm *vm, u64 gpa, u64 len, const char *what)
{
	void *p = gpa_ptr(vm, gpa, len);

	if (!p)
		die("%s does not fit in guest RAM (%llu MiB)", what,
		    (unsigned long long)(vm->mem_size >> 20));
	return p;
}

static void load_initrd(struct vm *vm, u8 *bp, u64 kernel_end)
{
	u64 max, addr;
	size_t size;
	u8 *data;

	if (!vm->opt.initrd)
		return;
	data = read_file(vm->opt.initrd, &size);
	max = (u64)rd32(bp + BP_INITRD_ADDR_MAX) + 1;
	if (max > vm->mem_size)
		max = vm->mem_size;
	if (size > max)
		die("initrd too large");
	addr = (max - size) & ~0xfffULL;
	if (addr < kernel_end)
		die("initrd (%zu bytes) overlaps the kernel; give more --mem", size);
	memcpy(must_gpa(vm, addr, size, "initrd"), data, size);
	wr32(bp + BP_RAMDISK_IMAGE, addr);
	wr32(bp + BP_RAMDISK_SIZE, size);
	free(data);
}

void boot_load(struct vm *vm)
{
	u8 *img, *bp = must_gpa(vm, GPA_BOOT_PARAMS, BP_SIZE, "zero page");
	size_t size, setup_size, hdr_end, cmdlen;
	u32 cmdline_size, init_size;
	u64 kernel_end;
	unsigned int sects;

	img = read_file(vm->opt.kernel, &size);
	if (size < 0x1000 || rd32(img + BP_HEADER) != 0x53726448 /* HdrS */ ||
	    img[BP_BOOT_FLAG] != 0x55 || img[BP_BOOT_FLAG + 1] != 0xaa)
		die("%s: not a bzImage", vm->opt.kernel);
	if ((img[BP_VERSION] | img[BP_VERSION + 1] << 8) < 0x020c ||
	    !(img[BP_XLOADFLAGS] & XLF_KERNEL_64))
		die("%s: kernel has no 64-bit entry (boot protocol < 2.12)",
		    vm->opt.kernel);
	sects = img[BP_SETUP_SECTS] ? img[BP_SETUP_SECTS] : 4;
	setup_size = (size_t)(sects + 1) * 512;
	hdr_end = BP_JUMP + 2 + img[BP_JUMP + 1];
	if (setup_size >= size || hdr_end > BP_E820_TABLE)
		die("%s: bad setup header", vm->opt.kernel);

	memset(bp, 0, BP_SIZE);
	memcpy(bp + BP_HDR, img + BP_HDR, hdr_end - BP_HDR);
	bp[BP_TYPE_OF_LOADER] = 0xff;
	bp[BP_LOADFLAGS] |= LOADED_HIGH | CAN_USE_HEAP;
	wr16(bp + BP_HEAP_END_PTR, 0xfe00);

	init_size = rd32(bp + BP_INIT_SIZE);
	kernel_end = GPA_KERNEL + (init_size > size - setup_size ?
				   init_size : size - setup_size);
	memcpy(must_gpa(vm, GPA_KERNEL, kernel_end - GPA_KERNEL, "kernel"),
	       img + setup_size, size - setup_size);
	free(img);

	cmdline_size = rd32(bp + BP_CMDLINE_SIZE);
	if (!cmdline_size || cmdline_size > CMDLINE_MAX)
		cmdline_size = CMDLINE_MAX;
	cmdlen = strlen(vm->opt.cmdline);
	if (cmdlen + 1 > cmdline_size)
		die("command line longer than %u bytes", cmdline_size - 1);
	memcpy(must_gpa(vm, GPA_CMDLINE, cmdlen + 1, "cmdline"),
	       vm->opt.cmdline, cmdlen + 1);
	wr32(bp + BP_CMD_LINE_PTR, GPA_CMDLINE);

	load_initrd(vm, bp, kernel_end);

	e820_add(bp, 0, GPA_EBDA, E820_RAM);
	e820_add(bp, GPA_EBDA, 0xa0000 - GPA_EBDA, E820_RESERVED);
	e820_add(bp, GPA_ACPI, ACPI_AREA_SIZE, E820_RESERVED);
	e820_add(bp, GPA_KERNEL, vm->mem_size - GPA_KERNEL, E820_RAM);

	wr64(bp + BP_ACPI_RSDP, acpi_build(vm));
}

/* Identity map the first GiB with 2 MiB pages; GDT with flat code/data. */
static void setup_page_tables(struct vm *vm)
{
	u64 *pml4 = must_gpa(vm, GPA_PML4, 0x1000, "pml4");
	u64 *pdpt = must_gpa(vm, GPA_PDPT, 0x1000, "pdpt");
	u64 *pd = must_gpa(vm, GPA_PD, 0x1000, "pd");
	u64 *gdt = must_gpa(vm, GPA_GDT, 4 * 8, "gdt");
	int i;

	memset(pml4, 0, 0x1000);
	memset(pdpt, 0, 0x1000);
	pml4[0] = GPA_PDPT | 0x3;		/* present, writable */
	pdpt[0] = GPA_PD | 0x3;
	for (i = 0; i < 512; i++)
		pd[i] = ((u64)i << 21) | 0x83;	/* + page size */

	gdt[0] = 0;
	gdt[1] = 0;
	gdt[2] = 0x00af9b000000ffffULL;		/* 0x10: 64-bit code */
	gdt[3] = 0x00cf93000000ffffULL;		/* 0x18: data */
}

static void seg(struct kvm_segment *s, u16 sel, u8 type, bool code)
{
	memset(s, 0, sizeof(*s));
	s->selector = sel;
	s->limit = 0xffffffff;
	s->type = type;
	s->present = 1;
	s->s = 1;
	s->g = 1;
	s->l = code;
	s->db = !code;
}

void boot_setup_bsp(struct vm *vm, struct vcpu *vcpu)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs = { 0 };
	struct kvm_fpu fpu = { 0 };

	setup_page_tables(vm);
	if (ioctl(vcpu->fd, KVM_GET_SREGS, &sregs) < 0)
		die_errno("KVM_GET_SREGS");
	seg(&sregs.cs, 0x10, 0xb, true);
	seg(&sregs.ds, 0x18, 0x3, false);
	sregs.es = sregs.ds;
	sregs.fs = sregs.ds;
	sregs.gs = sregs.ds;
	sregs.ss = sregs.ds;
	sregs.gdt.base = GPA_GDT;
	sregs.gdt.limit = 4 * 8 - 1;
	sregs.cr3 = GPA_PML4;
	sregs.cr4 = 0x20;			/* PAE */
	sregs.cr0 = 0x80000011;			/* PG | ET | PE */
	sregs.efer = 0x500;			/* LMA | LME */
	if (ioctl(vcpu->fd, KVM_SET_SREGS, &sregs) < 0)
		die_errno("KVM_SET_SREGS");

	regs.rflags = 2;
	regs.rip = GPA_KERNEL + 0x200;
	regs.rsi = GPA_BOOT_PARAMS;
	if (ioctl(vcpu->fd, KVM_SET_REGS, &regs) < 0)
		die_errno("KVM_SET_REGS");

	fpu.fcw = 0x37f;
	fpu.mxcsr = 0x1f80;
	if (ioctl(vcpu->fd, KVM_SET_FPU, &fpu) < 0)
		die_errno("KVM_SET_FPU");
}
