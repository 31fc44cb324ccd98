// PLACEHOLDER — to be replaced by the incidents page (owned by another engineer).
import { PlaceholderPage } from "@/components/placeholder-page";

export default function IncidentsPlaceholder() {
  return <PlaceholderPage title="Incidents" />;
}
