// SPDX-License-Identifier: GPL-2.0-only
/*
 * ACPI tables in the 0xe0000 area: RSDP -> XSDT -> {FADT, MADT}; FADT ->
 * {FACS, DSDT}.  The DSDT holds the VMBus device (_HID "VMBus" with a _CRS
 * that hv_vmbus's vmbus_acpi_add() walks: one 32-bit memory window above
 * 1 MiB for VMBus MMIO) and \_S5 so that the guest can power off through
 * PM1a_CNT.
 */
#include <string.h>

#include "vm.h"
#include "aml.h"

#define OEM_ID		"HVHOST"
#define OEM_TABLE_ID	"HVVMM   "

#define FADT_SIZE	276	/* revision 6 */
#define FACS_SIZE	64
#define HDR_SIZE	36

struct acpi_area {
	u8 *base;
	u64 gpa;
	size_t used;
};

static u64 acpi_alloc(struct acpi_area *ar, size_t size, size_t align)
{
	size_t off = (ar->used + align - 1) & ~(align - 1);

	if (off + size > ACPI_AREA_SIZE)
		die("ACPI area full");
	ar->used = off + size;
	return ar->gpa + off;
}

static u8 *at(struct acpi_area *ar, u64 gpa)
{
	return ar->base + (gpa - ar->gpa);
}

static u8 checksum(const u8 *p, size_t n)
{
	u8 sum = 0;

	while (n--)
		sum += *p++;
	return -sum;
}

static void put16(u8 *p, u16 v) { memcpy(p, &v, 2); }
static void put32(u8 *p, u32 v) { memcpy(p, &v, 4); }
static void put64(u8 *p, u64 v) { memcpy(p, &v, 8); }

static void header(u8 *t, const char *sig, u32 len, u8 rev)
{
	memcpy(t, sig, 4);
	put32(t + 4, len);
	t[8] = rev;
	memcpy(t + 10, OEM_ID, 6);
	memcpy(t + 16, OEM_TABLE_ID, 8);
	put32(t + 24, 1);
	memcpy(t + 28, "HVVM", 4);
	put32(t + 32, 1);
}

static void finish(u8 *t)
{
	u32 len;

	memcpy(&len, t + 4, 4);
	t[9] = 0;
	t[9] = checksum(t, len);
}

/* Generic Address Structure in system I/O space. */
static void gas_io(u8 *g, u16 port, u8 bits)
{
	g[0] = 1;		/* SystemIO */
	g[1] = bits;
	g[2] = 0;
	g[3] = bits == 8 ? 1 : bits == 16 ? 2 : 3;
	put64(g + 4, port);
}

static void dsdt_vmbus(struct aml *a)
{
	size_t scope, dev, buf;
	/* DWordMemory(ResourceProducer, PosDecode, MinFixed, MaxFixed, ...) */
	u8 crs[26 + 2] = {
		0x87, 23, 0,	/* Address32 descriptor, 23 bytes follow */
		0x00,		/* memory range */
		0x0c,		/* producer, min+max fixed */
		0x01,		/* read/write, non-cacheable */
	};

	put32(crs + 6, 0);				/* granularity */
	put32(crs + 10, GPA_VMBUS_MMIO);			/* minimum */
	put32(crs + 14, GPA_VMBUS_MMIO + VMBUS_MMIO_SIZE - 1);	/* maximum */
	put32(crs + 18, 0);				/* translation */
	put32(crs + 22, VMBUS_MMIO_SIZE);		/* length */
	crs[26] = 0x79;					/* End tag */
	crs[27] = 0;

	aml_byte(a, 0x10);				/* ScopeOp */
	scope = aml_open(a);
	aml_name_string(a, "\\_SB_");

	aml_bytes(a, "\x5b\x82", 2);			/* DeviceOp */
	dev = aml_open(a);
	aml_name_string(a, "VMBS");

	aml_byte(a, 0x08);				/* Name(_HID, "VMBus") */
	aml_name_string(a, "_HID");
	aml_byte(a, 0x0d);
	aml_bytes(a, "VMBus", 6);

	aml_byte(a, 0x08);				/* Name(_UID, 0) */
	aml_name_string(a, "_UID");
	aml_integer(a, 0);

	aml_byte(a, 0x08);				/* Name(_STA, 0x0f) */
	aml_name_string(a, "_STA");
	aml_integer(a, 0x0f);

	aml_byte(a, 0x08);				/* Name(_CRS, Buffer) */
	aml_name_string(a, "_CRS");
	aml_byte(a, 0x11);				/* BufferOp */
	buf = aml_open(a);
	aml_integer(a, sizeof(crs));
	aml_bytes(a, crs, sizeof(crs));
	aml_close(a, buf);

	aml_close(a, dev);
	aml_close(a, scope);
}

static void dsdt_s5(struct aml *a)
{
	size_t pkg;

	aml_byte(a, 0x08);				/* Name(\_S5, Package) */
	aml_name_string(a, "\\_S5_");
	aml_byte(a, 0x12);				/* PackageOp */
	pkg = aml_open(a);
	aml_byte(a, 4);					/* NumElements */
	aml_integer(a, ACPI_S5_TYP);			/* PM1a SLP_TYP */
	aml_integer(a, ACPI_S5_TYP);			/* PM1b SLP_TYP */
	aml_integer(a, 0);
	aml_integer(a, 0);
	aml_close(a, pkg);
}

static u64 build_dsdt(struct acpi_area *ar)
{
	struct aml a = { .len = 0 };
	u64 gpa;
	u8 *t;

	dsdt_vmbus(&a);
	dsdt_s5(&a);
	gpa = acpi_alloc(ar, HDR_SIZE + a.len, 16);
	t = at(ar, gpa);
	header(t, "DSDT", HDR_SIZE + a.len, 2);
	memcpy(t + HDR_SIZE, a.buf, a.len);
	finish(t);
	return gpa;
}

static u64 build_facs(struct acpi_area *ar)
{
	u64 gpa = acpi_alloc(ar, FACS_SIZE, 64);
	u8 *t = at(ar, gpa);

	memcpy(t, "FACS", 4);
	put32(t + 4, FACS_SIZE);
	t[32] = 2;					/* version */
	return gpa;
}

static u64 build_fadt(struct acpi_area *ar, u64 dsdt, u64 facs)
{
	u64 gpa = acpi_alloc(ar, FADT_SIZE, 16);
	u8 *t = at(ar, gpa);

	header(t, "FACP", FADT_SIZE, 6);
	put32(t + 36, facs);
	put32(t + 40, dsdt);
	t[45] = 0;					/* PM profile: unspecified */
	put16(t + 46, SCI_IRQ);
	put32(t + 48, 0);		/* no SMI_CMD: always in ACPI mode */
	put32(t + 56, PORT_PM1A_EVT);
	put32(t + 64, PORT_PM1A_CNT);
	t[88] = 4;					/* PM1_EVT_LEN */
	t[89] = 2;					/* PM1_CNT_LEN */
	put16(t + 96, 101);		/* P_LVL2_LAT > 100: no C2 */
	put16(t + 98, 1001);		/* P_LVL3_LAT > 1000: no C3 */
	/* IAPC_BOOT_ARCH: no VGA, no CMOS RTC, no 8042, no legacy devices */
	put16(t + 109, (1 << 2) | (1 << 5));
	/* WBINVD | PWR_BUTTON | SLP_BUTTON | RESET_REG_SUP */
	put32(t + 112, (1 << 0) | (1 << 4) | (1 << 5) | (1 << 10));
	gas_io(t + 116, PORT_RESET, 8);
	t[128] = 0x06;					/* RESET_VALUE */
	t[131] = 0;					/* FADT minor version */
	put64(t + 132, facs);
	put64(t + 140, dsdt);
	gas_io(t + 148, PORT_PM1A_EVT, 32);
	gas_io(t + 172, PORT_PM1A_CNT, 16);
	finish(t);
	return gpa;
}

static u64 build_madt(struct acpi_area *ar, unsigned int cpus)
{
	size_t len = HDR_SIZE + 8 + cpus * 8 + 12 + 10 + 10;
	u64 gpa = acpi_alloc(ar, len, 16);
	u8 *t = at(ar, gpa), *e;
	unsigned int i;

	header(t, "APIC", len, 5);
	put32(t + 36, GPA_LAPIC);
	put32(t + 40, 1);				/* PCAT_COMPAT */
	e = t + 44;
	for (i = 0; i < cpus; i++, e += 8) {
		e[0] = 0;				/* processor local APIC */
		e[1] = 8;
		e[2] = i;				/* ACPI processor UID */
		e[3] = i;				/* APIC id */
		put32(e + 4, 1);			/* enabled */
	}
	e[0] = 1;					/* I/O APIC */
	e[1] = 12;
	e[2] = cpus;					/* id after the CPUs */
	e[3] = 0;
	put32(e + 4, GPA_IOAPIC);
	put32(e + 8, 0);				/* GSI base */
	e += 12;
	e[0] = 2;					/* ISO: IRQ0 -> GSI2 */
	e[1] = 10;
	e[2] = 0;
	e[3] = 0;
	put32(e + 4, 2);
	put16(e + 8, 0);
	e += 10;
	e[0] = 2;					/* ISO: SCI, level high */
	e[1] = 10;
	e[2] = 0;
	e[3] = SCI_IRQ;
	put32(e + 4, SCI_IRQ);
	put16(e + 8, 0x000d);
	finish(t);
	return gpa;
}

static u64 build_xsdt(struct acpi_area *ar, const u64 *ent, int n)
{
	size_t len = HDR_SIZE + n * 8;
	u64 gpa = acpi_alloc(ar, len, 16);
	u8 *t = at(ar, gpa);
	int i;

	header(t, "XSDT", len, 1);
	for (i = 0; i < n; i++)
		put64(t + HDR_SIZE + i * 8, ent[i]);
	finish(t);
	return gpa;
}

/* Returns the RSDP's guest physical address. */
u64 acpi_build(struct vm *vm)
{
	struct acpi_area ar = { .gpa = GPA_ACPI };
	u64 rsdp, dsdt, facs, ent[2];
	u8 *r;

	ar.base = gpa_ptr(vm, GPA_ACPI, ACPI_AREA_SIZE);
	if (!ar.base)
		die("no room for ACPI tables");
	memset(ar.base, 0, ACPI_AREA_SIZE);
	rsdp = acpi_alloc(&ar, 36, 16);	/* first: found by the BIOS-area scan too */
	dsdt = build_dsdt(&ar);
	facs = build_facs(&ar);
	ent[0] = build_fadt(&ar, dsdt, facs);
	ent[1] = build_madt(&ar, vm->opt.cpus);

	r = at(&ar, rsdp);
	memcpy(r, "RSD PTR ", 8);
	memcpy(r + 9, OEM_ID, 6);
	r[15] = 2;					/* revision: ACPI 2.0+ */
	put32(r + 20, 36);
	put64(r + 24, build_xsdt(&ar, ent, 2));
	r[8] = checksum(r, 20);
	r[32] = checksum(r, 36);
	return rsdp;
}
