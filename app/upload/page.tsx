import type { Metadata } from "next";
import Link from "next/link";
import { Uploader } from "@/components/upload/uploader";
import { requireUser } from "@/lib/auth/require-user";
import { ALL_FORMATS } from "@/lib/ingest/sniff";

export const metadata: Metadata = { title: "Upload" };

export default async function UploadPage() {
  await requireUser("data:ingest");
  return (
    <>
      <div className="page-header">
        <h1>Upload</h1>
        <span className="sub">
          Ingest CloudTrail and agent logs. Files are processed one at a time; re-uploading a file is safe (duplicates are counted, not
          stored twice).
        </span>
        <span className="actions">
          <Link href="/sources" className="btn">
            All sources
          </Link>
        </span>
      </div>
      <Uploader formats={ALL_FORMATS} />
    </>
  );
}
