import { useRef, type ReactNode } from 'react';
import { ChartCard } from '../../charts/ChartCard';
import { ChartExportMenu } from '../../charts/inspect/ChartExportMenu';

/** A titled chart with "PNG / SVG / CSV" buttons that save exactly what is shown and the numbers behind it. */
export function ExportableCard({ title, fileName, csv, children, extra }: { title: string; fileName: string; csv: () => string; children: ReactNode; extra?: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  return (
    <ChartCard
      title={title}
      actions={
        <>
          {extra}
          <ChartExportMenu target={() => ref.current} csv={csv} fileName={fileName} />
        </>
      }
    >
      <div ref={ref}>{children}</div>
    </ChartCard>
  );
}
