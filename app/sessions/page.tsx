// PLACEHOLDER — to be replaced by the sessions page (owned by another engineer).
import { PlaceholderPage } from "@/components/placeholder-page";

export default function SessionsPlaceholder() {
  return <PlaceholderPage title="Sessions" />;
}
