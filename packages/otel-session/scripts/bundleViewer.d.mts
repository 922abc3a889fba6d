/** The viewer's script and stylesheet, bundled for inlining into the page. */
export interface ViewerAssets {
  script: string;
  style: string;
}

export function bundleViewer(): Promise<ViewerAssets>;
