import { newShortCode } from '../../../core/usecases/short-code';

describe('newShortCode', () => {
  it('draws four characters without look-alikes, always with at least one digit', () => {
    const codes = Array.from({ length: 5000 }, () => newShortCode());
    for (const code of codes) {
      expect(code).toMatch(/^[ACDEFGHJKMNPQRTUVWXY234679]{4}$/);
      expect(code).toMatch(/[234679]/);
    }
    expect(new Set(codes).size).toBeGreaterThan(4900);
  });
});
