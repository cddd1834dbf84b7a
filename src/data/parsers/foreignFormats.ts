/**
 * Files people have that Tensorscope does not read (yet), recognised by their bytes so the message names what the
 * file is and how to turn it into a CSV, instead of "could not recognise" or "no images in sub-folders" (an .xlsx
 * is a zip). Nothing here opens the file: a pickle in particular is never unpickled.
 */
import { unzipSync } from 'fflate';

export interface ForeignFormat {
  /** What the file is, in words: "an Excel workbook". */
  what: string;
  /** How to make it loadable, one sentence. */
  hint: string;
}

const at = (b: Uint8Array, i: number, s: string) => b.length >= i + s.length && [...s].every((c, k) => b[i + k] === c.charCodeAt(0));
const stem = (path: string) => (path.split(/[\\/]/).pop() ?? path).replace(/\.[^.]+$/, '') || 'data';

function pandas(read: string, path: string): string {
  const name = path.split(/[\\/]/).pop() ?? path;
  return `in Python, pandas.${read}(${JSON.stringify(name)}).to_csv(${JSON.stringify(`${stem(path)}.csv`)}, index=False) writes a CSV that loads here`;
}

/** Both load here: the .xlsx directly (parseXlsx), the CSV as any table. */
const SAVE_AS = 'save it as an Excel workbook (.xlsx) or as "CSV UTF-8" (File → Save As) and load that, or ';

/** A non-zip file's format by its first bytes (and, for pickles, its name); null when it is none of these. */
export function foreignFormat(b: Uint8Array, path: string): ForeignFormat | null {
  if (at(b, 0, '\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1')) {
    return { what: 'an Excel 97–2003 workbook (.xls) or another Office file', hint: SAVE_AS + pandas('read_excel', path) };
  }
  if (at(b, 0, 'ARROW1')) return { what: 'an Arrow / Feather file', hint: pandas('read_feather', path) };
  if (at(b, 0, 'FEA1')) return { what: 'a Feather (v1) file', hint: pandas('read_feather', path) };
  if (at(b, 0, '\x89HDF\r\n\x1a\n')) {
    return { what: 'an HDF5 file (.h5: a pandas store or a Keras model)', hint: `for a table, ${pandas('read_hdf', path)}; a Keras model is imported from the Share panel as a TF.js model.json` };
  }
  if (at(b, 0, '\x93NUMPY')) return { what: 'a NumPy array (.npy)', hint: 'write the features and the label as columns of a CSV with a header (numpy.savetxt with header= and comments="")' };
  if (at(b, 0, 'SQLite format 3\0')) return { what: 'an SQLite database', hint: 'export one table as CSV (sqlite3 -header -csv db.sqlite "select * from t" > t.csv)' };
  if (at(b, 0, '$FL2') || at(b, 0, '$FL3')) return { what: 'an SPSS data file (.sav)', hint: pandas('read_spss', path) };
  if (/\.dta$/i.test(path)) return { what: 'a Stata data file (.dta)', hint: pandas('read_stata', path) };
  if (/\.(pkl|pickle)$/i.test(path) || (b[0] === 0x80 && b[1] >= 2 && b[1] <= 5 && /\.(p|pk)$/i.test(path))) {
    return { what: 'a Python pickle (never opened here: unpickling runs code)', hint: pandas('read_pickle', path) };
  }
  if (at(b, 0, '%PDF')) return { what: 'a PDF document', hint: 'export the table from the program that made the PDF as CSV' };
  if (at(b, 0, '7z\xbc\xaf\x27\x1c')) return { what: 'a 7-Zip archive', hint: 'unpack it and load the files inside, or re-pack them as a .zip' };
  if (at(b, 0, 'Rar!\x1a\x07')) return { what: 'a RAR archive', hint: 'unpack it and load the files inside, or re-pack them as a .zip' };
  if (at(b, 257, 'ustar')) return { what: 'a tar archive', hint: 'unpack it and drop the folder here, or re-pack it as a .zip' };
  if (at(b, 0, 'BZh') && /\.bz2$/i.test(path)) return { what: 'a bzip2-compressed file', hint: 'unpack it (bunzip2), or compress it with gzip instead' };
  if (at(b, 0, '\xfd7zXZ\0')) return { what: 'an xz-compressed file', hint: 'unpack it (unxz), or compress it with gzip instead' };
  return null;
}

/** The names of a zip's entries, read from its directory without inflating anything (null: not a readable zip). */
export function zipEntryNames(zip: Uint8Array): string[] | null {
  const names: string[] = [];
  try {
    unzipSync(zip, {
      filter: (f) => {
        if (names.length < 10_000) names.push(f.name);
        return false;
      },
    });
  } catch {
    return null;
  }
  return names;
}

/** A zip that is an Office document or a NumPy archive, by its entries; null for an ordinary zip. */
export function foreignZip(names: string[], path: string): ForeignFormat | null {
  const has = (re: RegExp) => names.some((n) => re.test(n));
  if (has(/^xl\/workbook\.bin$/)) return { what: 'an Excel binary workbook (.xlsb)', hint: SAVE_AS + pandas('read_excel', path) };
  if (has(/^content\.xml$/) && /\.ods$/i.test(path)) return { what: 'an OpenDocument spreadsheet (.ods)', hint: SAVE_AS + pandas('read_excel', path) };
  if (has(/^word\/document\.xml$/)) return { what: 'a Word document', hint: 'copy the table into a spreadsheet and save it as "CSV UTF-8"' };
  if (has(/^ppt\/presentation\.xml$/)) return { what: 'a PowerPoint file', hint: 'export the table as CSV from the program that made it' };
  if (names.length > 0 && names.every((n) => /\.npy$/i.test(n))) {
    return { what: 'a NumPy archive (.npz)', hint: 'write the features and the label as columns of a CSV with a header (numpy.savetxt with header= and comments="")' };
  }
  return null;
}

/** The message for a file that is one of these: "book.xlsx is an Excel workbook (.xlsx), which … ; save it …". */
export function foreignMessage(path: string, f: ForeignFormat): string {
  const name = path.split(/[\\/]/).pop() ?? path;
  return `${name} is ${f.what}, which Tensorscope does not read. To use it, ${f.hint}.`;
}
