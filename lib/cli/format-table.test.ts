import { describe, expect, it } from 'vitest';
import { formatTable } from './format-table';

describe('formatTable', () => {
  it('pads every column but the last to its widest cell', () => {
    expect(
      formatTable(
        ['ID', 'NAME', 'URL'],
        [
          ['1', 'Contact form', 'http://x/hooks/a'],
          ['22', 'Shop', 'http://x/hooks/b'],
        ],
      ),
    ).toEqual(['ID  NAME          URL', '1   Contact form  http://x/hooks/a', '22  Shop          http://x/hooks/b']);
  });

  it('prints only the header when there are no rows', () => {
    expect(formatTable(['ID', 'NAME'], [])).toEqual(['ID  NAME']);
  });
});
