import { taxonomyRoute } from "@/components/site/taxonomy-route";

export const dynamic = "force-dynamic";

// GET /authors/[slug] — readers: the published stories of one author, newest first (?older=/?newer= pages)
const route = taxonomyRoute("author");
export const generateMetadata = route.generateMetadata;
export default route.TaxonomyPage;
