import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { baseURL } from "../../playwright.config";
import { SIGNED_OUT } from "./auth";

/** An anonymous reader: no cookies, no storage state. */
export function readerRequest(): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL, storageState: SIGNED_OUT });
}

/** Where readers find an article. */
export const articleUrl = (slug: string) => `/articles/${encodeURIComponent(slug)}`;
