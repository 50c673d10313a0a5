/** Who is who in the demo roster (demo/roster-ke-sat.csv), for tests, benches and the fuzz harness. */
/** Who is who in the demo roster (demo/roster-ke-sat.csv). */
export const DEMO = {
  province: 'hai-phong',
  commune: 'ke-sat',
  otherCommune: 'thuc-khang',
  villageDong: 'ke-sat.dong',
  villageTay: 'ke-sat.tay',
  collaboratorDong: { id: 'ctv-dong', phone: '+84905000101' },
  collaboratorTay: { id: 'ctv-tay', phone: '+84905000102' },
  /** Listed in the CSV with the pre-2018 number 01665 000 109. */
  collaboratorNgoc: { id: 'ctv-ngoc', phone: '+84365000109' },
  collaboratorEnglish: { id: 'ctv-moi', phone: '+84905000110' },
  collaboratorAnNinh: { id: 'ctv-an-ninh', phone: '+84905000301' },
  officer: { id: 'cb-ke-sat', phone: '+84905000201' },
  otherOfficer: { id: 'cb-thuc-khang', phone: '+84905000401' },
  admin: { id: 'admin-hai-phong', phone: '+84905000901' },
  unregisteredPhone: '+84905999999',
} as const;
