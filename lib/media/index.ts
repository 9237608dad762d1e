import "server-only";

// The public face of lib/media for server code. Client components import "./formats" directly.

export * from "./formats";
export { mediaConfig, type MediaConfig } from "./config";
export { detectImageFormat } from "./detect";
export { readEmbeddedMetadata, creditFromMetadata, type EmbeddedMetadata } from "./metadata";
export { isArticleMediaPublic, publicImageUse, type ArticleMediaState } from "./access";
export { clearMediaAccessCache } from "./access-cache";
export {
  ingestImage,
  imageRefs,
  mediaStorage,
  mediaQueue,
  setMediaStorage,
  originalFile,
  resolveMediaFile,
  type MediaActor,
  type UploadedImage,
} from "./service";
export { servePublicMedia, serveDeskMedia, PUBLIC_CACHE_CONTROL, PRIVATE_CACHE_CONTROL, type MediaResponse } from "./serve";
export { readUploadBody, uploadedFileName } from "./upload";
export { createLocalStorage, mediaDataDir, type MediaStorage } from "./storage";
export { createS3Storage, type S3StorageOptions } from "./s3-storage";
