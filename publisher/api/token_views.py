"""API tokens: create one (shown once), list yours, revoke one or the one in use."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from knox.auth import TokenAuthentication
from rest_framework import serializers, status
from rest_framework.authentication import BasicAuthentication, SessionAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.serializers import ErrorSerializer
from publisher.services.users import token_create, token_revoke, tokens_of


class TokenSerializer(serializers.Serializer):
    """A token as listed: its id (the token's first characters) and dates, never the token."""

    id = serializers.CharField(source="token_key", read_only=True)
    created = serializers.DateTimeField(read_only=True)
    expiry = serializers.DateTimeField(read_only=True, allow_null=True)


class NewTokenSerializer(TokenSerializer):
    """A token just created: ``token`` is shown this once and never stored."""

    token = serializers.CharField(read_only=True)


ERRORS = {
    401: OpenApiResponse(ErrorSerializer, description="Not authenticated"),
    403: OpenApiResponse(ErrorSerializer, description="Not allowed"),
}


class TokenListView(APIView):
    """Your API tokens. ``POST`` creates one: authenticate with your e-mail and password (HTTP
    basic), your session or another token; the token is in the answer once, keep it."""

    authentication_classes = [TokenAuthentication, BasicAuthentication, SessionAuthentication]

    @extend_schema(responses={200: TokenSerializer(many=True), **ERRORS})
    def get(self, request):
        return Response(TokenSerializer(tokens_of(request.user), many=True).data)

    @extend_schema(request=None, responses={201: NewTokenSerializer, **ERRORS})
    def post(self, request):
        token, key = token_create(user=request.user)
        body = {**TokenSerializer(token).data, "token": key}
        return Response(body, status=status.HTTP_201_CREATED)


class TokenCurrentView(APIView):
    """The token this request authenticated with: ``DELETE`` revokes it (a log-out)."""

    authentication_classes = [TokenAuthentication]

    @extend_schema(
        responses={
            204: OpenApiResponse(description="Revoked"),
            404: OpenApiResponse(ErrorSerializer, description="Not authenticated by a token"),
            **ERRORS,
        }
    )
    def delete(self, request):
        if not getattr(request.auth, "token_key", None):
            raise Http404
        token_revoke(user=request.user, token_key=request.auth.token_key)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenDetailView(APIView):
    """One of your tokens, by id: ``DELETE`` revokes it."""

    @extend_schema(
        responses={
            204: OpenApiResponse(description="Revoked"),
            404: OpenApiResponse(ErrorSerializer, description="You have no token with this id"),
            **ERRORS,
        }
    )
    def delete(self, request, key: str):
        if not token_revoke(user=request.user, token_key=key):
            raise Http404
        return Response(status=status.HTTP_204_NO_CONTENT)
