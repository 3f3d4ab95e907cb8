/** Phoenix's words when its span queue is full: the 503 body on HTTP and the UNAVAILABLE details on gRPC. */
export const AT_CAPACITY = "Server is at capacity and cannot process more requests";
