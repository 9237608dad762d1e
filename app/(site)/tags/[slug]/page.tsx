import { taxonomyRoute } from "@/components/site/taxonomy-route";

export const dynamic = "force-dynamic";

// GET /tags/[slug] — readers: the published stories of one tag, newest first (?older=/?newer= pages)
const route = taxonomyRoute("tag");
export const generateMetadata = route.generateMetadata;
export default route.TaxonomyPage;
