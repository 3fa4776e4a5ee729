// A file's size as the receipts show it, the Vietnamese way: "1,2 MB", "35 KB", "800 byte".
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024).toLocaleString('vi-VN')} KB`;
  return `${bytes} byte`;
}
