import { taxonomyRoute } from "@/components/site/taxonomy-route";

export const dynamic = "force-dynamic";

// GET /sections/[slug] — readers: the published stories of one section, newest first (?older=/?newer= pages)
const route = taxonomyRoute("section");
export const generateMetadata = route.generateMetadata;
export default route.TaxonomyPage;
